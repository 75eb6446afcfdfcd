// A PowerShell host for tests: it records every prompt (ShouldProcess / ShouldContinue choices, credential and
// line prompts), every progress record and every line written, and answers choices from a script of answers.
// Compiled by Add-Type in TestHelpers.psm1 (Invoke-InRecordingHost).
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace ModelRelease.Tests
{
    public sealed class RecordedPrompt
    {
        public string Caption { get; set; } = "";
        public string Message { get; set; } = "";
        public string[] Choices { get; set; } = new string[0];
        public string Answer { get; set; } = "";
    }

    public sealed class RecordingHost : PSHost
    {
        private readonly Guid _id = Guid.NewGuid();
        private readonly RecordingHostUserInterface _ui;

        public RecordingHost(string[] answers) { _ui = new RecordingHostUserInterface(answers); }

        public RecordingHostUserInterface Recorder => _ui;
        public override string Name => "ModelRelease.Tests.RecordingHost";
        public override Version Version => new Version(1, 0);
        public override Guid InstanceId => _id;
        public override PSHostUserInterface UI => _ui;
        public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
        public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;
        public override void SetShouldExit(int exitCode) { }
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
    }

    public sealed class RecordingHostUserInterface : PSHostUserInterface
    {
        private readonly Queue<string> _answers;
        private readonly object _gate = new object();

        public RecordingHostUserInterface(string[] answers) { _answers = new Queue<string>(answers ?? new string[0]); }

        public List<RecordedPrompt> Prompts { get; } = new List<RecordedPrompt>();
        public List<ProgressRecord> Progress { get; } = new List<ProgressRecord>();
        public List<string> Lines { get; } = new List<string>();
        public override PSHostRawUserInterface RawUI => null;

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            var labels = new List<string>();
            foreach (var c in choices) labels.Add(c.Label.Replace("&", ""));
            // Answers name a choice by its label ("Yes", "No", "Yes to All", ...); with none left, the default.
            var answer = _answers.Count > 0 ? _answers.Dequeue() : labels[defaultChoice];
            var index = labels.FindIndex(l => string.Equals(l, answer, StringComparison.OrdinalIgnoreCase));
            if (index < 0) throw new InvalidOperationException($"The test answered '{answer}' but the choices are: {string.Join(", ", labels)}");
            lock (_gate) Prompts.Add(new RecordedPrompt { Caption = caption, Message = message, Choices = labels.ToArray(), Answer = labels[index] });
            return index;
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            lock (_gate) Prompts.Add(new RecordedPrompt { Caption = caption, Message = message, Answer = "(fields)" });
            throw new PSInvalidOperationException("The recording host does not answer field prompts.");
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
        {
            lock (_gate) Prompts.Add(new RecordedPrompt { Caption = caption, Message = message, Answer = "(credential)" });
            throw new PSInvalidOperationException("The recording host does not answer credential prompts.");
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
            => PromptForCredential(caption, message, userName, targetName);

        public override string ReadLine()
        {
            lock (_gate) Prompts.Add(new RecordedPrompt { Caption = "ReadLine", Answer = "(line)" });
            throw new PSInvalidOperationException("The recording host does not read lines.");
        }

        public override SecureString ReadLineAsSecureString()
        {
            lock (_gate) Prompts.Add(new RecordedPrompt { Caption = "ReadLineAsSecureString", Answer = "(secure line)" });
            throw new PSInvalidOperationException("The recording host does not read lines.");
        }

        public override void Write(string value) { lock (_gate) Lines.Add(value); }
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) { lock (_gate) Lines.Add(value); }
        public override void WriteLine(string value) { lock (_gate) Lines.Add(value); }
        public override void WriteErrorLine(string value) { lock (_gate) Lines.Add("ERROR: " + value); }
        public override void WriteDebugLine(string message) { lock (_gate) Lines.Add("DEBUG: " + message); }
        public override void WriteVerboseLine(string message) { lock (_gate) Lines.Add("VERBOSE: " + message); }
        public override void WriteWarningLine(string message) { lock (_gate) Lines.Add("WARNING: " + message); }
        public override void WriteProgress(long sourceId, ProgressRecord record) { lock (_gate) Progress.Add(record); }
    }
}
