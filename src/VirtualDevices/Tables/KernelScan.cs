namespace DmIo.VirtualDevices.Tables;

/// <summary>
/// How the kernel's <c>sscanf(text, "%u%c")</c> reads a whole word as an unsigned number: decimal digits only (no sign,
/// no spaces, nothing after them), accumulated modulo 2^64 as <c>simple_strntoull</c> does (it flags overflow and
/// ignores the flag), then truncated to 32 bits for <c>%u</c>. So <c>4294967296</c> reads as 0, exactly as in 6.12.
/// Targets' constructors and message handlers use it wherever the kernel's do.
/// </summary>
public static class KernelScan
{
    /// <summary>Reads <paramref name="text"/> as <c>%u%c</c> would, matching exactly one conversion.</summary>
    /// <param name="text">The word.</param>
    /// <param name="value">The value, truncated to 32 bits.</param>
    /// <returns>False when the word is empty or holds anything but decimal digits.</returns>
    public static bool TryUnsigned32(string text, out uint value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        ulong result = 0;
        foreach (char c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            result = unchecked((result * 10) + (ulong)(c - '0'));
        }

        value = unchecked((uint)result);
        return true;
    }

    /// <summary>
    /// Reads <paramref name="text"/> as the kernel's <c>kstrtouint(text, 10, ...)</c> does: an optional leading <c>+</c>,
    /// then decimal digits only; unlike <c>sscanf</c>, a value past 32 bits is refused.
    /// </summary>
    /// <param name="text">The word.</param>
    /// <param name="value">The value.</param>
    /// <returns>False when the word is malformed or too large.</returns>
    public static bool TryKstrtou32(string text, out uint value)
    {
        value = 0;
        ReadOnlySpan<char> digits = text.StartsWith('+') ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty)
        {
            return false;
        }

        ulong result = 0;
        foreach (char c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            result = (result * 10) + (ulong)(c - '0');
            if (result > uint.MaxValue)
            {
                return false;
            }
        }

        value = (uint)result;
        return true;
    }
}
