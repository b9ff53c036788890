using Orchestrator.Agents;
using Orchestrator.Reporting;

namespace Orchestrator.Tests.Reporting;

/// <summary>
/// The report is written to its files a block at a time (a 50,000-task page is never one string): what spans the end
/// of a block, a log link or a secret, comes out as if the page had been changed whole.
/// </summary>
public sealed class StreamedReportTests
{
    private const int Block = 1 << 14;

    [Fact]
    public void The_copy_beside_the_artifacts_changes_every_log_link_wherever_a_block_ends()
    {
        const string Link = "<a href=\"../logs/run/T1.log\">log</a>";
        for (var at = Block - 16; at <= Block + 16; at++)
        {
            var page = new string('x', at) + Link + "<p>&lt;a href=&quot;../ stays</p>" + Link;
            using var copy = new StringWriter();

            HtmlReport.CopyBesideArtifacts(new StringReader(page), copy);

            copy.ToString().Should().Be(page.Replace("<a href=\"../", "<a href=\"", StringComparison.Ordinal), $"the first link starts at {at}");
        }
    }

    [Fact]
    public void A_secret_written_in_pieces_across_the_end_of_a_block_is_still_redacted()
    {
        var secrets = new SecretRedactor(new Dictionary<string, string> { ["REPORT_API_KEY"] = "k3y-in-pieces-0042" });
        for (var at = Block - 24; at <= Block + 8; at++)
        {
            using var file = new StringWriter();
            using (var page = new RedactingWriter(file, secrets))
            {
                page.Write(new string('x', at));
                foreach (var piece in new[] { "k3y-in", "-pieces", "-0042", " and k3y-in-pieces-0042." })
                {
                    page.Write(piece);
                }
            }

            file.ToString().Should().Be(new string('x', at) + "[redacted REPORT_API_KEY] and [redacted REPORT_API_KEY].", $"the secret starts at {at}");
        }
    }
}
