using System.Text;
using Newtonsoft.Json;

namespace Orchestrator.State;

/// <summary>
/// JSON text kept as UTF-8 in blocks small enough to stay off the large object heap: the saved form of a 50,000-task
/// plan or output is half the size of a string and never one large allocation. Written to by serializing into it.
/// </summary>
internal sealed class JsonText : Stream
{
    private const int BlockSize = 1 << 15;

    private readonly List<byte[]> _blocks = [];
    private int _lastUsed = BlockSize;

    /// <summary>What <paramref name="write"/> writes, as UTF-8 (no byte order mark) in blocks.</summary>
    public static JsonText Of(Action<TextWriter> write)
    {
        var text = new JsonText();
        using (var utf8 = new StreamWriter(text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 14))
        {
            write(utf8);
        }

        return text;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => ((long)_blocks.Count * BlockSize) - BlockSize + _lastUsed;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            if (_lastUsed == BlockSize)
            {
                _blocks.Add(new byte[BlockSize]);
                _lastUsed = 0;
            }

            var count = Math.Min(buffer.Length, BlockSize - _lastUsed);
            buffer[..count].CopyTo(_blocks[^1].AsSpan(_lastUsed));
            _lastUsed += count;
            buffer = buffer[count..];
        }
    }

    /// <summary>The text written as one JSON value, a block at a time.</summary>
    public void WriteTo(JsonWriter writer)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[BlockSize];
        var first = true;
        foreach (var block in Blocks())
        {
            var count = decoder.GetChars(block.Span, chars, flush: false);
            var piece = new string(chars, 0, count);
            if (first)
            {
                writer.WriteRawValue(piece); // the value's place (after a comma or a property name), then its text
                first = false;
            }
            else
            {
                writer.WriteRaw(piece);
            }
        }

        if (first)
        {
            writer.WriteNull();
        }
    }

    /// <summary>The whole text as one string: only for a copy of the token, never on the way to a file.</summary>
    public override string ToString()
    {
        using var reader = OpenText();
        return reader.ReadToEnd();
    }

    /// <summary>The text again, read a block at a time.</summary>
    public TextReader OpenText() => new BlockReader(Blocks().GetEnumerator());

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private IEnumerable<ReadOnlyMemory<byte>> Blocks() =>
        _blocks.Select((block, index) => new ReadOnlyMemory<byte>(block, 0, index == _blocks.Count - 1 ? _lastUsed : BlockSize));

    private sealed class BlockReader(IEnumerator<ReadOnlyMemory<byte>> blocks) : TextReader
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly char[] _chars = new char[BlockSize];
        private int _next;
        private int _count;

        public override int Peek() => Fill() ? _chars[_next] : -1;

        public override int Read() => Fill() ? _chars[_next++] : -1;

        public override int Read(char[] buffer, int index, int count)
        {
            if (!Fill())
            {
                return 0;
            }

            var read = Math.Min(count, _count - _next);
            Array.Copy(_chars, _next, buffer, index, read);
            _next += read;
            return read;
        }

        private bool Fill()
        {
            while (_next == _count)
            {
                if (!blocks.MoveNext())
                {
                    return false;
                }

                _count = _decoder.GetChars(blocks.Current.Span, _chars, flush: false);
                _next = 0;
            }

            return true;
        }
    }
}
