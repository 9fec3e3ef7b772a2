using System.Text.Json;

namespace DmIo.Simulation.Scenarios;

/// <summary>
/// Maps every JSON path in a document to the line and column where it starts. <see cref="JsonDocument"/> forgets
/// positions, so one extra pass with a <see cref="Utf8JsonReader"/> remembers them for error messages.
/// For an object member the position is that of its name, which is where a user looks for the field.
/// </summary>
internal sealed class JsonPositionIndex
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal); // path -> byte offset
    private readonly byte[] _utf8;                                                     // the document

    public JsonPositionIndex(byte[] utf8, JsonReaderOptions options)
    {
        _utf8 = utf8;
        var reader = new Utf8JsonReader(utf8, options);
        var frames = new List<Frame>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    _offsets.TryAdd(frames[^1].Path + "." + property, reader.TokenStartIndex);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    string path = ValuePath(frames, property, reader.TokenStartIndex);
                    frames.Add(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    break;
                default:
                    ValuePath(frames, property, reader.TokenStartIndex);
                    break;
            }
        }
    }

    /// <summary>Returns the 1-based line and column of <paramref name="path"/>, or of its nearest recorded ancestor.</summary>
    public (int Line, int Column) Find(string path)
    {
        string probe = path;
        while (!_offsets.ContainsKey(probe) && probe.Length > 1)
        {
            int cut = Math.Max(probe.LastIndexOf('.'), probe.LastIndexOf('['));
            probe = cut <= 0 ? "$" : probe[..cut];
        }

        return _offsets.TryGetValue(probe, out long offset) ? LineColumn(offset) : (1, 1);
    }

    private (int Line, int Column) LineColumn(long offset)
    {
        int line = 1;
        long lineStart = 0;
        for (long i = 0; i < offset && i < _utf8.Length; i++)
        {
            if (_utf8[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, (int)(offset - lineStart) + 1);
    }

    private string ValuePath(List<Frame> frames, string? property, long offset)
    {
        string path;
        if (frames.Count == 0)
        {
            path = "$";
        }
        else if (frames[^1].IsArray)
        {
            path = $"{frames[^1].Path}[{frames[^1].NextIndex++}]";
        }
        else
        {
            path = frames[^1].Path + "." + property;
        }

        _offsets.TryAdd(path, offset);
        return path;
    }

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int NextIndex { get; set; }
    }
}
