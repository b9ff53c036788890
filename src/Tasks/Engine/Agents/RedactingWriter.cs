using System.Text;

namespace Orchestrator.Agents;

/// <summary>
/// Passes text on to <paramref name="inner"/> redacted by <paramref name="secrets"/>, a block at a time, so a page of
/// many megabytes is redacted as it is written instead of as one string. A secret written in pieces is still found: the
/// tail of each block that could start one waits for the text after it. <see cref="Flush"/> ends the text.
/// </summary>
public sealed class RedactingWriter(TextWriter inner, SecretRedactor secrets) : TextWriter(inner.FormatProvider)
{
    private const int BlockLength = 1 << 14; // characters: each block stays off the large object heap

    private readonly StringBuilder _pending = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        if (secrets.IsEmpty)
        {
            inner.Write(value);
            return;
        }

        _pending.Append(value);
        WriteSettled();
    }

    public override void Write(string? value)
    {
        if (secrets.IsEmpty)
        {
            inner.Write(value);
            return;
        }

        _pending.Append(value);
        WriteSettled();
    }

    public override void Write(char[] buffer, int index, int count)
    {
        if (secrets.IsEmpty)
        {
            inner.Write(buffer, index, count);
            return;
        }

        _pending.Append(buffer, index, count);
        WriteSettled();
    }

    public override void Flush()
    {
        if (_pending.Length > 0)
        {
            inner.Write(secrets.Redact(_pending.ToString()));
            _pending.Clear();
        }

        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void WriteSettled()
    {
        if (_pending.Length < BlockLength)
        {
            return;
        }

        var text = _pending.ToString();
        var settled = secrets.SettledLength(text);
        inner.Write(secrets.Redact(text[..settled]));
        _pending.Clear().Append(text, settled, text.Length - settled);
    }
}
