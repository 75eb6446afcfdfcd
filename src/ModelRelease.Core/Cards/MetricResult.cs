namespace ModelRelease.Core.Cards;

/// <summary>One evaluation result: a metric of a task on a dataset.</summary>
public sealed record MetricResult(string TaskType, string? TaskName, string DatasetType, string DatasetName, string? DatasetConfig, string? DatasetSplit, string MetricType, string? MetricName, object Value);
