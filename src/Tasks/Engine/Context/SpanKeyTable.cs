using System.Runtime.CompilerServices;

namespace Orchestrator.Context;

/// <summary>
/// Short strings numbered in the order they were first added, looked up by span: an open hash over one character
/// arena, so a key costs no string and a lookup no allocation. One analysis worker's own, never shared between threads.
/// </summary>
internal sealed class SpanKeyTable
{
    private int[] _slots = new int[1 << 12];
    private uint[] _hashes = new uint[1 << 10];
    private int[] _starts = new int[1 << 10];
    private char[] _arena = new char[1 << 14];

    public int Count { get; private set; }

    /// <summary>The key with this id.</summary>
    public ReadOnlySpan<char> this[int id] => _arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Hash(ReadOnlySpan<char> key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash ^ (hash >> 15);
    }

    /// <summary>The key's id, or -1 when it was never added.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Find(ReadOnlySpan<char> key, uint hash)
    {
        var mask = _slots.Length - 1;
        for (var slot = (int)(hash & (uint)mask); ; slot = (slot + 1) & mask)
        {
            var id = _slots[slot] - 1;
            if (id < 0)
            {
                return -1;
            }

            if (_hashes[id] == hash && this[id].SequenceEqual(key))
            {
                return id;
            }
        }
    }

    /// <summary>Adds a key not in the table yet; returns its id.</summary>
    public int Add(ReadOnlySpan<char> key, uint hash)
    {
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        var id = Count++;
        if (id + 1 >= _starts.Length)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
            Array.Resize(ref _hashes, _hashes.Length * 2);
        }

        var start = _starts[id];
        if (start + key.Length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, start + key.Length));
        }

        key.CopyTo(_arena.AsSpan(start));
        (_starts[id + 1], _hashes[id]) = (start + key.Length, hash);
        Place(id);
        return id;
    }

    private void Place(int id)
    {
        var mask = _slots.Length - 1;
        var slot = (int)(_hashes[id] & (uint)mask);
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = id + 1;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        for (var id = 0; id < Count; id++)
        {
            Place(id);
        }
    }
}
