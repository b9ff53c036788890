using System.Buffers;
using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Text;

namespace Orchestrator.Context;

/// <summary>
/// A saved index mapped into memory, read where the queries look: a term's postings, a chunk's line range, a file's
/// record. Opening it reads the table of contents and checks the footer and the checksum; nothing is decoded up front.
/// </summary>
internal sealed class MappedIndexFile : IDisposable
{
    private const int ChunkBytes = 16;

    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly long _chunks;
    private readonly KeyTable _terms;
    private readonly KeyTable _paths;
    private readonly long _files;
    private readonly long _fileTerms;
    private readonly KeyTable _symbols;

    private MappedIndexFile(MemoryMappedFile map, MemoryMappedViewAccessor view, string tree, long contentLength)
    {
        (_map, _view) = (map, view);
        var toc = view.ReadInt64(contentLength - 8);
        var bytes = new byte[contentLength - 8 - toc];
        view.ReadArray(toc, bytes, 0, bytes.Length);
        var reader = new IndexSpanReader(bytes);
        if (reader.ReadString() != tree)
        {
            throw new InvalidDataException("the index is of another tree");
        }

        Counts = new IndexCounts(reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt64()) { SymbolCount = reader.ReadInt32() };
        (FileCount, ChunkCount, TermCount) = (reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32());
        AverageChunkLength = BitConverter.Int64BitsToDouble(reader.ReadInt64());
        _chunks = reader.ReadInt64();
        _terms = new KeyTable(view, reader.ReadInt64());
        _paths = new KeyTable(view, reader.ReadInt64());
        _files = reader.ReadInt64();
        _fileTerms = reader.ReadInt64();
        _symbols = new KeyTable(view, reader.ReadInt64());
    }

    public IndexCounts Counts { get; }

    public int FileCount { get; }

    public int ChunkCount { get; }

    public int TermCount { get; }

    public double AverageChunkLength { get; }

    /// <summary>The index saved at the path for this tree, or null when it is missing, of another format or tree, truncated or damaged.</summary>
    /// <param name="verify">Whether to check the content's checksum: not for the file this process has just written.</param>
    public static MappedIndexFile? TryOpen(string path, string tree, bool verify = true)
    {
        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            var length = new FileInfo(path).Length;
            if (length < IndexFormat.FooterBytes + 8)
            {
                return null;
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var footer = new byte[IndexFormat.FooterBytes];
            stream.Position = length - footer.Length;
            stream.ReadExactly(footer);
            var contentLength = BinaryPrimitives.ReadInt64LittleEndian(footer);
            stream.Position = 0;
            if (!footer.AsSpan(16).SequenceEqual(IndexFormat.Magic) || contentLength != length - footer.Length
                || (verify && BinaryPrimitives.ReadUInt64LittleEndian(footer.AsSpan(8)) != IndexFormat.Checksum(stream, contentLength)))
            {
                throw new InvalidDataException("the index file is truncated or damaged");
            }

            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);

            var opened = new MappedIndexFile(map, view, tree, contentLength);
            (map, view) = (null, null);
            return opened;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException or IndexOutOfRangeException)
        {
            return null;
        }
        finally
        {
            view?.Dispose();
            map?.Dispose();
        }
    }

    /// <summary>The term's id, or -1 when no file has it.</summary>
    public int TermId(string term) => _terms.Find(term);

    public string Term(int id) => _terms.Key(id);

    /// <summary>The term's (chunk, frequency) pairs, chunks ascending.</summary>
    public List<(int Chunk, int Frequency)> Postings(int term)
    {
        var postings = new List<(int, int)>();
        Decode(_terms.Value(term), _terms.Value(term + 1), reader =>
        {
            for (var chunk = 0; !reader.AtEnd;)
            {
                chunk += reader.ReadVarint();
                postings.Add((chunk, reader.ReadVarint()));
            }
        });
        return postings;
    }

    public Chunk Chunk(int id)
    {
        var at = _chunks + ((long)Within(id, ChunkCount) * ChunkBytes);
        return new Chunk(_view.ReadInt32(at), _view.ReadInt32(at + 4), _view.ReadInt32(at + 8), _view.ReadInt32(at + 12));
    }

    public int ChunkFile(int id) => _view.ReadInt32(_chunks + ((long)Within(id, ChunkCount) * ChunkBytes));

    public int ChunkLength(int id) => _view.ReadInt32(_chunks + ((long)Within(id, ChunkCount) * ChunkBytes) + 12);

    /// <summary>The file's id, or -1 when the tree has no such indexed file.</summary>
    public int FileId(string path) => _paths.Find(path) is var position and >= 0 ? (int)_paths.Value(position) : -1;

    public IndexedFile File(int id)
    {
        IndexedFile? file = null;
        DecodeRecord(_files, id, reader =>
        {
            file = new IndexedFile { Path = reader.ReadString(), Blob = reader.ReadString(), Size = reader.ReadInt64(), Tokens = reader.ReadInt32(), Kind = reader.ReadString() };
            for (var s = reader.ReadVarint(); s > 0; s--)
            {
                file.Symbols.Add(new Symbol(reader.ReadString(), reader.ReadString(), reader.ReadVarint()));
            }

            for (var h = reader.ReadVarint(); h > 0; h--)
            {
                file.History.Add(new HistoryEntry(reader.ReadString(), reader.ReadInt64(), reader.ReadString()));
            }
        });
        return file!;
    }

    /// <summary>The file's term ids, in the order the file first uses them.</summary>
    public List<int> FileTerms(int id)
    {
        var terms = new List<int>();
        DecodeRecord(_fileTerms, id, reader =>
        {
            while (!reader.AtEnd)
            {
                terms.Add(reader.ReadVarint());
            }
        });
        return terms;
    }

    /// <summary>Where symbols whose key is this term are declared: (file id, index among the file's symbols).</summary>
    public List<(int File, int Symbol)> Declarations(string key)
    {
        var found = new List<(int, int)>();
        if (_symbols.Find(key) is var position and >= 0)
        {
            Decode(_symbols.Value(position), _symbols.Value(position + 1), reader =>
            {
                while (!reader.AtEnd)
                {
                    found.Add((reader.ReadVarint(), reader.ReadVarint()));
                }
            });
        }

        return found;
    }

    public void Dispose()
    {
        _view.Dispose();
        _map.Dispose();
    }

    private delegate void SpanDecoder(IndexSpanReader reader);

    private static int Within(int id, int count) => (uint)id < (uint)count ? id : throw new InvalidDataException($"index id {id} out of range");

    private void DecodeRecord(long section, int id, SpanDecoder decode)
    {
        var at = section + ((long)Within(id, FileCount) * 8);
        Decode(_view.ReadInt64(at), _view.ReadInt64(at + 8), decode);
    }

    private void Decode(long from, long to, SpanDecoder decode)
    {
        var length = checked((int)(to - from));
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            _view.ReadArray(from, buffer, 0, length);
            decode(new IndexSpanReader(buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A key table of the file (see <see cref="IndexFormat"/>), looked up in place.</summary>
    private sealed class KeyTable
    {
        private readonly MemoryMappedViewAccessor _view;
        private readonly int _buckets;
        private readonly int _count;
        private readonly long _bucketStarts;
        private readonly long _keyOffsets;
        private readonly long _values;
        private readonly long _keys;

        public KeyTable(MemoryMappedViewAccessor view, long at)
        {
            (_view, _buckets, _count) = (view, view.ReadInt32(at), view.ReadInt32(at + 4));
            if (_buckets != IndexFormat.BucketCount(_count))
            {
                throw new InvalidDataException("bad key table in the index");
            }

            _bucketStarts = at + 8;
            _keyOffsets = _bucketStarts + ((_buckets + 1L) * 4);
            _values = _keyOffsets + ((_count + 1L) * 4);
            _keys = _values + ((_count + 1L) * 8);
        }

        public int Find(string key)
        {
            var bucket = IndexFormat.Hash(key) & (uint)(_buckets - 1);
            var wanted = Encoding.UTF8.GetBytes(key);
            var candidate = new byte[wanted.Length];
            for (int position = _view.ReadInt32(_bucketStarts + (bucket * 4L)), end = _view.ReadInt32(_bucketStarts + ((bucket + 1) * 4L)); position < end; position++)
            {
                var (from, to) = (_view.ReadInt32(_keyOffsets + (position * 4L)), _view.ReadInt32(_keyOffsets + ((position + 1) * 4L)));
                if (to - from == wanted.Length && _view.ReadArray(_keys + from, candidate, 0, candidate.Length) == wanted.Length && candidate.AsSpan().SequenceEqual(wanted))
                {
                    return position;
                }
            }

            return -1;
        }

        public string Key(int position)
        {
            var (from, to) = (_view.ReadInt32(_keyOffsets + (Within(position, _count) * 4L)), _view.ReadInt32(_keyOffsets + ((position + 1) * 4L)));
            var bytes = new byte[to - from];
            _view.ReadArray(_keys + from, bytes, 0, bytes.Length);
            return Encoding.UTF8.GetString(bytes);
        }

        public long Value(int position) => _view.ReadInt64(_values + ((long)Within(position, _count + 1) * 8));
    }
}
