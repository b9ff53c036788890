using Newtonsoft.Json.Linq;
using Orchestrator.Context;
using Xunit.Abstractions;

namespace Orchestrator.Tests.Context;

/// <summary>The estimator against real BPE counts of a reference sample (counted by bench/token-reference.mjs).</summary>
public sealed class TokenEstimateTests(ITestOutputHelper output)
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Context", "TokenSamples");

    [Fact]
    public void Token_estimates_stay_close_to_a_real_tokenizer_over_the_reference_sample()
    {
        var reference = JArray.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        long estimated = 0, actual = 0;
        var worst = 0.0;
        foreach (var sample in reference)
        {
            var text = File.ReadAllText(Path.Combine(Folder, sample["name"]!.Value<string>()!));
            var estimate = TokenEstimate.Of(text);
            var truth = sample["o200k_base"]!.Value<int>();
            var error = (estimate - truth) / (double)truth;
            worst = Math.Max(worst, Math.Abs(error));
            output.WriteLine($"{sample["name"],-26} o200k {truth,6}  cl100k {sample["cl100k_base"],6}  estimate {estimate,6}  error {error,7:P1}");
            (estimated, actual) = (estimated + estimate, actual + truth);
        }

        var total = (estimated - actual) / (double)actual;
        output.WriteLine($"total error {total:P1}, worst file {worst:P1}");
        Math.Abs(total).Should().BeLessThan(0.05);
        worst.Should().BeLessThan(0.15);
    }

    [Fact]
    public void Each_ascii_character_is_a_letter_digit_space_or_other_as_the_character_classes_say()
    {
        for (var c = '\0'; c < 128; c++)
        {
            var expected = char.IsLetter(c) || c == '_' ? 0 : char.IsNumber(c) ? 1 : char.IsWhiteSpace(c) ? 2 : 3;
            TokenEstimate.ClassOf(c).Should().Be(expected, $"U+{(int)c:X4} is in that class");
        }
    }

    [Fact]
    public void A_chars_over_four_guess_would_be_further_off_than_the_estimator()
    {
        var reference = JArray.Parse(File.ReadAllText(Path.Combine(Folder, "reference.json")));
        double estimatorError = 0, naiveError = 0;
        foreach (var sample in reference)
        {
            var text = File.ReadAllText(Path.Combine(Folder, sample["name"]!.Value<string>()!));
            var truth = sample["o200k_base"]!.Value<double>();
            estimatorError += Math.Abs(TokenEstimate.Of(text) - truth) / truth;
            naiveError += Math.Abs((text.Length / 4.0) - truth) / truth;
        }

        estimatorError.Should().BeLessThan(naiveError);
    }
}
