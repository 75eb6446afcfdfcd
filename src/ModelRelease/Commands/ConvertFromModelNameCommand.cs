using System.Management.Automation;
using ModelRelease.Core.Releases.Names;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Reads the fields of a model, repository, artifact, file or tag name with a name template.</para>
/// </summary>
/// <remarks>
/// Without -Template, the name is read with the first built-in template that reads it: variant, artifact, file, the
/// tag families v, model-v, export-v, weights-v, then descriptive. Every field of the template comes back in template
/// order, typed (text, whole numbers, timestamps as DateTime, versions as canonical text); a field of a left-out
/// optional part is there with a null value. A name that does not fit is an error (ModelNameInvalid) naming the part of
/// the template that did not match and its position (the error's Exception.Part and Exception.Position). The output's
/// Findings list where a name breaks the rules of what it names (the Hub's repository-name rules for repositories).
/// Binds the Name property of piped objects, so Get-ChildItem and Get-ReleaseTag output can be piped in.
/// </remarks>
/// <example>
/// <code>(ConvertFrom-ModelName phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110).Fields</code>
/// <para>base, dataset, rank, alpha, epochs, trainedAt, format and exportedAt of a descriptive name.</para>
/// </example>
/// <example>
/// <code>Get-ChildItem ./exports -Filter *.gguf | ConvertFrom-ModelName -Template file</code>
/// <para>The name, size and quantization each GGUF file name says.</para>
/// </example>
/// <example>
/// <code>'weights-v1.1', 'model-v2.1.0', 'GesturaAI/stick-gen-base' | ConvertFrom-ModelName</code>
/// <para>Tags and repository ids, each read with the template that fits it.</para>
/// </example>
[Cmdlet(VerbsData.ConvertFrom, "ModelName")]
[OutputType(typeof(ModelName))]
public sealed class ConvertFromModelNameCommand : ModelReleaseCmdlet
{
    /// <summary>The name to read (binds the Name property of piped objects).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The template to read it with (a built-in name or a template of your own); without it, the first built-in template that reads the name.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Template { get; set; }

    /// <summary>The family's variants (small, base, large): the values {variant} may take, so org/stick-gen reads as the base of stick-gen.</summary>
    [Parameter]
    public string[]? Variant { get; set; }

    protected override void ProcessInput()
    {
        try
        {
            var name = new ModelNames().Parse(Name, Template, Variant);
            foreach (var note in name.Notes) WriteWarningLine($"{Name}: {note}");
            WriteObject(name);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Name);
        }
    }
}
