namespace DmIo.Tests;

/// <summary>The memo behind table, latency and rule parsing in sweeps: one parse per text, failures never remembered, bounded.</summary>
public sealed class ParseMemoTests
{
    [Fact]
    public void GetOrParse_SameText_ParsesOnce_AndReturnsTheSameInstance()
    {
        var memo = new ParseMemo<string[]>();
        int parses = 0;

        string[] first = memo.GetOrParse("a b", 0, (text, _) => { parses++; return text.Split(' '); });
        string[] again = memo.GetOrParse(new string("a b".AsSpan()), 0, (text, _) => { parses++; return text.Split(' '); });

        Assert.Equal(1, parses);
        Assert.Same(first, again);
        Assert.Equal(["a", "b"], again);
    }

    [Fact]
    public void GetOrParse_ARejectedText_IsParsedAndRejectedAgainEveryTime()
    {
        var memo = new ParseMemo<string>();
        int parses = 0;
        string Reject(string text, int _)
        {
            parses++;
            throw new FormatException($"bad text '{text}'");
        }

        FormatException e1 = Assert.Throws<FormatException>(() => memo.GetOrParse("x", 0, Reject));
        FormatException e2 = Assert.Throws<FormatException>(() => memo.GetOrParse("x", 0, Reject));

        Assert.Equal(2, parses);
        Assert.Equal("bad text 'x'", e2.Message);
        Assert.Equal(e1.Message, e2.Message);
        Assert.Equal(0, memo.Count);
    }

    [Fact]
    public void GetOrParse_MoreTextsThanTheCapacity_NeverHoldsMoreThanIt()
    {
        var memo = new ParseMemo<string>(capacity: 3);

        for (int i = 0; i < 10; i++)
        {
            memo.GetOrParse(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 0, (text, _) => "parsed " + text);
            Assert.InRange(memo.Count, 1, 3);
        }

        Assert.Equal("parsed 9", memo.GetOrParse("9", 0, (_, _) => "parsed again"));
    }

    [Fact]
    public void Constructor_CapacityBelowOne_IsRefusedNamingIt()
    {
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => new ParseMemo<string>(0));
        Assert.Equal("capacity", e.ParamName);
    }
}
