namespace Orchestrator.Context;

/// <summary>ContextFiltering's output_data: one prompt per task, with what went into it.</summary>
public sealed class FilteringOutput
{
    public int BudgetTokens { get; set; }

    public List<TaskPrompt> Prompts { get; set; } = [];
}

public sealed class TaskPrompt
{
    public string Task { get; set; } = "";

    public string PromptFile { get; set; } = "";

    /// <summary>Estimated tokens of the whole prompt file; never more than the budget.</summary>
    public int TokensUsed { get; set; }

    /// <summary>Estimated tokens of the included context items alone.</summary>
    public int ContextTokens { get; set; }

    public List<ContextItem> Included { get; set; } = [];

    public List<ContextItem> Dropped { get; set; } = [];
}

/// <summary>A piece of context offered to a task: a file (or part of one) with why it is relevant.</summary>
public sealed class ContextItem
{
    public string Path { get; set; } = "";

    public string Reason { get; set; } = "";

    public int Tokens { get; set; }

    public bool Truncated { get; set; }
}
