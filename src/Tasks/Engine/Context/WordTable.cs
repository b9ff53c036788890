using System.Runtime.CompilerServices;

namespace Orchestrator.Context;

/// <summary>
/// One analysis worker's words as written, each with what the analysis needs of it: its term ids and its token cost.
/// An open hash over one character arena whose slot holds all of it (a word of one term, the common case, keeps the
/// term id in the slot itself), so a word met again costs one slot read and one comparison of its characters: the
/// table outgrows the processor's caches, and every further array a lookup touched was another miss.
/// </summary>
internal sealed class WordTable
{
    private Slot[] _slots = new Slot[1 << 12];
    private char[] _arena = new char[1 << 14];
    private int _arenaEnd;
    private int[] _termLists = new int[1 << 10];
    private int _termListsEnd;

    public int Count { get; private set; }

    /// <summary>The hash a word is looked up by, one character at a time (the scanner computes it as it reads the word).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Step(uint hash, char c) => (hash ^ c) * 16777619u;

    public const uint Seed = 2166136261u;

    /// <summary>The word's slot, or a slot of <see cref="Slot.Length"/> 0 when the word was never added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref readonly Slot Find(ReadOnlySpan<char> word, uint hash)
    {
        hash ^= hash >> 15;
        var mask = _slots.Length - 1;
        for (var slot = (int)(hash & (uint)mask); ; slot = (slot + 1) & mask)
        {
            ref readonly var entry = ref _slots[slot];
            if (entry.Length == 0 || (entry.Hash == hash && entry.Length == word.Length && _arena.AsSpan(entry.Start, entry.Length).SequenceEqual(word)))
            {
                return ref entry;
            }
        }
    }

    /// <summary>The term ids of a word's slot.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> TermsOf(ref readonly Slot slot) =>
        slot.TermCount == 1 ? new ReadOnlySpan<int>(in slot.Terms) : _termLists.AsSpan(slot.Terms, slot.TermCount);

    /// <summary>Adds a word not in the table yet (1 to 255 characters) with its terms and token cost; returns its slot.</summary>
    public ref readonly Slot Add(ReadOnlySpan<char> word, uint hash, ReadOnlySpan<int> terms, int tokenTenths)
    {
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        Count++;
        if (_arenaEnd + word.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaEnd + word.Length));
        }

        word.CopyTo(_arena.AsSpan(_arenaEnd));
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

        hash ^= hash >> 15;
        var placed = Place(_slots, new Slot(hash, _arenaEnd, checked((byte)word.Length), checked((byte)terms.Length), checked((ushort)tokenTenths), termsAt));
        _arenaEnd += word.Length;
        return ref _slots[placed];
    }

    private static int Place(Slot[] slots, Slot entry)
    {
        var mask = slots.Length - 1;
        var slot = (int)(entry.Hash & (uint)mask);
        while (slots[slot].Length != 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = entry;
        return slot;
    }

    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        foreach (var entry in _slots)
        {
            if (entry.Length != 0)
            {
                Place(slots, entry);
            }
        }

        _slots = slots;
    }

    /// <summary>
    /// A word's hash and place in the arena, its length, how many terms it gives, its token cost in tenths, and its one
    /// term id (or where its term list starts): 16 bytes.
    /// </summary>
    internal readonly struct Slot(uint hash, int start, byte length, byte termCount, ushort tokenTenths, int terms)
    {
        public readonly uint Hash = hash;
        public readonly int Start = start;
        public readonly byte Length = length;
        public readonly byte TermCount = termCount;
        public readonly ushort TokenTenths = tokenTenths;
        public readonly int Terms = terms;
    }
}
