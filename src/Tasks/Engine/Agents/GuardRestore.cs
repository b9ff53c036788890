using Orchestrator.Git;

namespace Orchestrator.Agents;

/// <summary>
/// Puts back what an agent changed in the repository's own records: refs to their prior values (a ref it created is
/// removed, unless a checkout now stands on it), <c>.git/config</c> and <c>.git/hooks</c> as they were. A config or
/// hook that is replaced or taken away is moved to the run's quarantine folder, never deleted.
/// </summary>
internal sealed class GuardRestore(GitCli repository, GuardedPlaces places)
{
    public async Task<IReadOnlyList<string>> RestoreAsync(
        RepositoryFingerprint before, RepositoryFingerprint now, IReadOnlySet<string> ignored, CancellationToken cancellation)
    {
        var done = new List<string>();
        var common = await repository.CommonDirectoryAsync(cancellation);
        var heads = now.Head.StartsWith("ref: ", StringComparison.Ordinal) ? now.Head[5..] : null;
        foreach (var name in before.Refs.Keys.Union(now.Refs.Keys).Where(r => !ignored.Contains(r) && before.Refs.GetValueOrDefault(r) != now.Refs.GetValueOrDefault(r)))
        {
            if (before.Refs.TryGetValue(name, out var old))
            {
                var put = await repository.TryRunAsync(["update-ref", "-m", "orchestrator: undo an agent's change", name, old], cancellation);
                done.Add(put.ExitCode == 0 ? $"{name} restored to {old[..12]}" : $"{name} could not be restored to {old[..12]}");
            }
            else if (name != heads)
            {
                var removed = await repository.TryRunAsync(["update-ref", "-d", name, now.Refs[name]], cancellation);
                done.Add(removed.ExitCode == 0 ? $"{name} removed (was {now.Refs[name][..12]})" : $"{name} could not be removed");
            }
        }

        if (!before.Config.AsSpan().SequenceEqual(now.Config))
        {
            Quarantine(Path.Combine(common, "config"), "config");
            await File.WriteAllBytesAsync(Path.Combine(common, "config"), before.Config, cancellation);
            done.Add($".git/config restored (the changed one is in {places.Quarantine})");
        }

        var hooks = Path.Combine(common, "hooks");
        foreach (var hook in before.Hooks.Keys.Union(now.Hooks.Keys).Where(h => !Same(before.Hooks.GetValueOrDefault(h), now.Hooks.GetValueOrDefault(h))))
        {
            var path = Path.Combine(hooks, hook);
            var mode = File.Exists(path) && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(path) : (UnixFileMode)0b111_101_101;
            Quarantine(path, "hooks-" + hook);
            if (before.Hooks.TryGetValue(hook, out var content))
            {
                await File.WriteAllBytesAsync(path, content, cancellation);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, mode);
                }
            }

            done.Add($".git/hooks/{hook} {(content is null ? "moved" : "restored")} (the agent's is in {places.Quarantine})");
        }

        return done;
    }

    private void Quarantine(string path, string name)
    {
        if (File.Exists(path))
        {
            Directory.CreateDirectory(places.Quarantine);
            File.Move(path, Path.Combine(places.Quarantine, $"{name}.{DateTime.UtcNow:HHmmssfff}"), overwrite: true);
        }
    }

    private static bool Same(byte[]? a, byte[]? b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b);
}
