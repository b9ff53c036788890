using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Orchestrator.Context;

/// <summary>
/// One analysis worker's words as written, each with what the analysis needs of it: its term ids and its token cost.
/// An open hash whose 16-byte slot holds all of it: a word of up to eight ASCII characters (most of them) is kept in the
/// slot itself, packed a byte a character, so looking it up compares one number and reads nothing else; a longer word
/// keeps its hash and its place in a character arena. A word of one term, the common case, keeps the term id in the slot.
/// The table outgrows the processor's caches, and every further array a lookup touched was another miss.
/// </summary>
internal sealed class WordTable
{
    /// <summary>The longest word kept in its slot: eight ASCII characters, a byte each.</summary>
    public const int PackedLength = 8;

    private const byte Packed = 0x80;

    private Slot[] _slots;
    private char[] _arena = new char[1 << 14];
    private int _arenaEnd;
    private int[] _termLists = new int[1 << 10];
    private int _termListsEnd;

    /// <param name="expectedWords">How many words the table is sized for at first (it grows past that).</param>
    public WordTable(int expectedWords = 1 << 11) => _slots = EmptySlots<Slot>((int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expectedWords, 1 << 10, 1 << 24) * 2));

    public int Count { get; private set; }

    /// <summary>
    /// The characters of a word packed a byte each, the last one lowest (the scanner packs them as it reads the word):
    /// the word itself when it is at most <see cref="PackedLength"/> characters, all ASCII.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Pack(ulong packed, char c) => (packed << 8) | c;

    /// <summary>How a word is looked up: packed when it can be, else by its hash and characters.</summary>
    /// <param name="packed">The word's characters through <see cref="Pack"/>.</param>
    /// <param name="bits">Every character of the word or'ed together: whether it is all ASCII.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WordKey KeyOf(ReadOnlySpan<char> word, ulong packed, uint bits) =>
        word.Length <= PackedLength && bits < 128 ? new(packed, PackedHash(packed), (byte)(word.Length | Packed)) : new(0, WordHash(word), (byte)word.Length);

    /// <summary>Asks the processor for the word's first slot ahead of <see cref="Find"/>: most of a rare word's lookup is that one cache miss.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(in WordKey key) => CachePrefetch.Of(ref _slots[(int)key.Hash & (_slots.Length - 1)]);

    /// <summary>The word's slot, or a slot of <see cref="Slot.Length"/> 0 when the word was never added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Slot Find(ReadOnlySpan<char> word, scoped in WordKey key)
    {
        var mask = _slots.Length - 1;
        ref var slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        if ((key.Tag & Packed) != 0)
        {
            for (var slot = (int)key.Hash & mask; ; slot = (slot + 1) & mask)
            {
                ref var entry = ref Unsafe.Add(ref slots, slot);
                if (entry.Length == 0 || (entry.Length == key.Tag && entry.Key == key.Packed))
                {
                    return ref entry;
                }
            }
        }

        for (var slot = (int)key.Hash & mask; ; slot = (slot + 1) & mask)
        {
            ref var entry = ref Unsafe.Add(ref slots, slot);
            if (entry.Length == 0 || (entry.Length == key.Tag && (uint)(entry.Key >> 32) == key.Hash
                && _arena.AsSpan((int)(uint)entry.Key, word.Length).SequenceEqual(word)))
            {
                return ref entry;
            }
        }
    }

    /// <summary>The term ids of a word's slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> TermsOf(ref readonly Slot slot) =>
        slot.TermCount == 1 ? new ReadOnlySpan<int>(in slot.Terms) : TermList(slot.Terms, slot.TermCount);

    /// <summary>The term ids of a word of several terms, from its slot's <see cref="Slot.Terms"/> and <see cref="Slot.TermCount"/>.</summary>
    public ReadOnlySpan<int> TermList(int at, int count) => _termLists.AsSpan(at, count);

    /// <summary>
    /// Adds a word not in the table yet (1 to 127 characters, <see cref="KeyOf"/> it) with its terms and token cost into <paramref name="free"/>,
    /// the slot <see cref="Find"/> gave for it; returns the word's slot (another one when the table grew).
    /// </summary>
    public ref readonly Slot Add(ref Slot free, ReadOnlySpan<char> word, scoped in WordKey key, ReadOnlySpan<int> terms, int tokenTenths)
    {
        var termsAt = terms.Length == 1 ? terms[0] : _termListsEnd;
        if (terms.Length > 1)
        {
            if (_termListsEnd + terms.Length > _termLists.Length)
            {
                Array.Resize(ref _termLists, Math.Max(_termLists.Length * 2, _termListsEnd + terms.Length));
            }

            terms.CopyTo(_termLists.AsSpan(_termListsEnd));
            _termListsEnd += terms.Length;
        }

        var (termCount, cost) = (checked((byte)terms.Length), checked((ushort)tokenTenths));
        if ((key.Tag & Packed) != 0)
        {
            free = new Slot(key.Packed, key.Tag, termCount, cost, termsAt);
        }
        else
        {
            if (_arenaEnd + word.Length > _arena.Length)
            {
                Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaEnd + word.Length));
            }

            word.CopyTo(_arena.AsSpan(_arenaEnd));
            free = new Slot(((ulong)key.Hash << 32) | (uint)_arenaEnd, key.Tag, termCount, cost, termsAt);
            _arenaEnd += word.Length;
        }

        if (++Count * 2 <= _slots.Length)
        {
            return ref free;
        }

        Grow();
        return ref Find(word, in key);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint PackedHash(ulong packed) => (uint)((packed * 0x9E3779B97F4A7C15UL) >> 32);

    /// <summary>A longer word's hash, four characters at a time.</summary>
    private static uint WordHash(ReadOnlySpan<char> word)
    {
        var hash = (ulong)word.Length;
        var blocks = MemoryMarshal.Cast<char, ulong>(word);
        foreach (var block in blocks)
        {
            hash = BitOperations.RotateLeft((hash ^ block) * 0x9E3779B97F4A7C15UL, 27);
        }

        foreach (var c in word[(blocks.Length * 4)..])
        {
            hash = BitOperations.RotateLeft((hash ^ c) * 0x9E3779B97F4A7C15UL, 27);
        }

        return (uint)(hash >> 32);
    }

    /// <summary>
    /// A fresh table of empty slots, written through once: a probe reads a slot before it is filled, and a page first
    /// read then written is copied from the shared zero page, a fault that stops every core the process runs on to flush
    /// its mapping. Written first, each page costs one plain fault.
    /// </summary>
    internal static T[] EmptySlots<T>(int length)
        where T : struct
    {
        var slots = GC.AllocateUninitializedArray<T>(length);
        slots.AsSpan().Clear();
        return slots;
    }

    private void Grow()
    {
        var slots = EmptySlots<Slot>(_slots.Length * 2);
        var mask = slots.Length - 1;
        foreach (var entry in _slots)
        {
            if (entry.Length == 0)
            {
                continue;
            }

            var slot = (int)((entry.Length & Packed) != 0 ? PackedHash(entry.Key) : (uint)(entry.Key >> 32)) & mask;
            while (slots[slot].Length != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = entry;
        }

        _slots = slots;
    }

    /// <summary>A word's characters packed (when <see cref="Tag"/> says so), its hash, and its length with the packed flag.</summary>
    internal readonly record struct WordKey(ulong Packed, uint Hash, byte Tag);

    /// <summary>
    /// A word (packed) or its hash and place in the arena, its length (and whether it is packed), how many terms it gives,
    /// its token cost in tenths, and its one term id (or where its term list starts): 16 bytes.
    /// </summary>
    internal readonly struct Slot(ulong key, byte length, byte termCount, ushort tokenTenths, int terms)
    {
        public readonly ulong Key = key;
        public readonly byte Length = length;
        public readonly byte TermCount = termCount;
        public readonly ushort TokenTenths = tokenTenths;
        public readonly int Terms = terms;
    }
}
