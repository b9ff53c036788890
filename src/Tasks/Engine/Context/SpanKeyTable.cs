using System.Numerics;
using System.Runtime.CompilerServices;

namespace Orchestrator.Context;

/// <summary>
/// Short strings numbered in the order they were first added, looked up by span: an open hash over one character
/// arena, so a key costs no string and a lookup no allocation. One analysis worker's own, never shared between threads.
/// </summary>
internal sealed class SpanKeyTable : IKeyList
{
    private Slot[] _slots;
    private int[] _starts;
    private char[] _arena;

    /// <param name="expectedKeys">How many keys the table is sized for at first (it grows past that).</param>
    public SpanKeyTable(int expectedKeys = 1 << 10)
    {
        var keys = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(expectedKeys, 1 << 10, 1 << 24));
        (_slots, _starts, _arena) = (WordTable.EmptySlots<Slot>(keys * 2), new int[keys], new char[keys * 8]);
    }

    public int Count { get; private set; }

    /// <summary>The key with this id.</summary>
    public ReadOnlySpan<char> this[int id] => _arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id]);

    /// <summary>The index file's key hash, its high bits folded into the low ones this table's slots are taken from.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(ReadOnlySpan<char> key)
    {
        var hash = IndexFormat.Hash(key);
        return hash ^ (hash >> 15);
    }

    /// <summary>The key's id, or -1 when it was never added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Find(ReadOnlySpan<char> key, uint hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = (int)(hash & (uint)mask); ; slot = (slot + 1) & mask)
        {
            ref readonly var entry = ref _slots[slot];
            if (entry.Length == 0)
            {
                return -1;
            }

            if (entry.Hash == hash && entry.Length == key.Length && _arena.AsSpan(entry.Start, entry.Length).SequenceEqual(key))
            {
                return entry.Id;
            }
        }
    }

    /// <summary>Adds a key not in the table yet (never an empty one: a slot of length 0 is a free slot); returns its id.</summary>
    public int Add(ReadOnlySpan<char> key, uint hash)
    {
        ArgumentOutOfRangeException.ThrowIfZero(key.Length);
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        var id = Count++;
        if (id + 1 >= _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
        }

        var start = _starts[id];
        if (start + key.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, start + key.Length));
        }

        key.CopyTo(_arena.AsSpan(start));
        _starts[id + 1] = start + key.Length;
        Place(_slots, new Slot(hash, id, start, key.Length));
        return id;
    }

    private static void Place(Slot[] slots, Slot entry)
    {
        var mask = slots.Length - 1;
        var slot = (int)(entry.Hash & (uint)mask);
        while (slots[slot].Length != 0)
        {
            slot = (slot + 1) & mask;
        }

        slots[slot] = entry;
    }

    private void Grow()
    {
        var slots = WordTable.EmptySlots<Slot>(_slots.Length * 2);
        foreach (var entry in _slots.Where(e => e.Length != 0))
        {
            Place(slots, entry);
        }

        _slots = slots;
    }

    /// <summary>A key's hash, id and place in the arena side by side: a lookup reads one slot, then the characters.</summary>
    private readonly record struct Slot(uint Hash, int Id, int Start, int Length);
}
