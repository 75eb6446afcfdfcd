namespace ModelRelease.Core.Hub;

/// <summary>
/// The token file huggingface_hub reads and writes (<c>$HF_HOME/token</c>): only the token, mode 0600 in a 0700
/// folder, written atomically so a reader never sees half a token.
/// </summary>
public static class TokenFile
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Writes <paramref name="token"/> to <paramref name="path"/> (0600; the folder made 0700 when this creates it).</summary>
    public static void Write(string path, HubToken token)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            if (!Directory.Exists(folder))
            {
                if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
                else Directory.CreateDirectory(folder, PrivateFolder);
            }
            var temp = Path.Combine(folder, $".token.{Guid.NewGuid():N}.tmp");
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = Private;
                using (var stream = new FileStream(temp, options))
                using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
                {
                    writer.Write(token.Reveal());
                }
                File.Move(temp, path, overwrite: true);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, Private);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HubException(HubErrorIds.TokenFileNotWritable, ErrorKind.PermissionDenied, $"The token file {path} could not be written: {ex.Message}", path)
            {
                RecommendedAction = "Check the folder's permissions, or point HF_TOKEN_PATH (or HF_HOME) at a folder you can write.",
            };
        }
    }

    /// <summary>Deletes the token file; false when there was none.</summary>
    public static bool Delete(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HubException(HubErrorIds.TokenFileNotWritable, ErrorKind.PermissionDenied, $"The token file {path} could not be deleted: {ex.Message}", path);
        }
    }

    /// <summary>A warning when other users may read the token file (any group or other permission), else null.</summary>
    public static string? PermissionProblem(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return null;
        var mode = File.GetUnixFileMode(path);
        var open = mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        if (open == 0) return null;
        return $"the token file {path} can be read or changed by other users (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}); it is used anyway. Make it private: chmod 600 '{path}'.";
    }
}
