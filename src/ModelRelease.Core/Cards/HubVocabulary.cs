namespace ModelRelease.Core.Cards;

/// <summary>
/// What the Hub accepts in card metadata: its license ids (the list the Hub documents; <c>other</c> needs
/// <c>license_name</c> and <c>license_link</c>) and language codes — every ISO 639-1 code, the ISO 639-3 codes of
/// widely used languages (not the full registry of ~7,900; a code missing here is reported, and the Hub's
/// validate-yaml with -Online has the last word), and the Hub's <c>code</c> and <c>multilingual</c>.
/// </summary>
public static class HubVocabulary
{
    public static readonly IReadOnlySet<string> Licenses = new HashSet<string>(StringComparer.Ordinal)
    {
        "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m", "bigscience-bloom-rail-1.0", "bigcode-openrail-m",
        "afl-3.0", "artistic-2.0", "bsl-1.0", "bsd", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0",
        "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0", "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0",
        "cc-by-nd-4.0", "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0", "cdla-sharing-1.0",
        "cdla-permissive-1.0", "cdla-permissive-2.0", "wtfpl", "ecl-2.0", "epl-1.0", "epl-2.0", "etalab-2.0", "eupl-1.1", "eupl-1.2",
        "agpl-3.0", "gfdl", "gpl", "gpl-2.0", "gpl-3.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "isc", "h-research", "intel-research", "lppl-1.3c",
        "ms-pl", "apple-ascl", "apple-amlr", "mpl-2.0", "odc-by", "odbl", "openrail++", "osl-3.0", "postgresql", "ofl-1.1", "ncsa",
        "unlicense", "zlib", "pddl", "lgpl-lr", "deepfloyd-if-license", "fair-noncommercial-research-license", "llama2", "llama3",
        "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma", "unknown", "other",
    };

    private static readonly string Iso6391 =
        "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy " +
        "ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt " +
        "lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn " +
        "so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

    private static readonly string Iso6393 =
        "eng fra deu spa por ita nld rus zho cmn yue wuu jpn kor ara arb hin ben urd tur vie tha ind msa zsm fas pes pol ukr ces slk swe dan nor nob nno " +
        "fin hun ron bul ell heb swa swh yor ibo hau amh tam tel kan mal mar guj pan tgl fil zul xho afr cat eus glg hrv srp bos slv lit lav est isl gle " +
        "cym gla bre mlt ltz sqi hye kat aze kaz uzb tuk kir tgk mon nep sin mya khm lao tib bod uig pus snd kur ckb kmr som orm tir wol lin kin run " +
        "nya sna sot tsn tso ven ssw nbl lug aka ewe twi fon bam ful mlg haw mri smo ton fij tah grn que aym hat jav sun ceb ilo war pag bik min ace " +
        "ban bug mad lat san pli grc got ang enm frm gmh goh non epo ina ile vol lfn tok chr nav oji cre iku kal fao sme smj sma yid lad scn nap vec lmo " +
        "pms fur lij srd cos oci ast arg ext roa wln lim fry frr stq nds gsw bar pfl ksh yue hak nan cdo gan hsn csb szl dsb hsb rue rom";

    public static readonly IReadOnlySet<string> Languages = new HashSet<string>(
        Iso6391.Split(' ', StringSplitOptions.RemoveEmptyEntries).Concat(Iso6393.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Concat(["code", "multilingual"]),
        StringComparer.Ordinal);

    /// <summary>The Hub's tasks (pipeline_tag), as its task list names them.</summary>
    public static readonly IReadOnlySet<string> PipelineTags = new HashSet<string>(StringComparer.Ordinal)
    {
        "text-generation", "text2text-generation", "text-classification", "token-classification", "fill-mask", "question-answering",
        "table-question-answering", "zero-shot-classification", "translation", "summarization", "feature-extraction", "sentence-similarity",
        "text-ranking", "conversational", "image-classification", "image-segmentation", "object-detection", "zero-shot-image-classification",
        "zero-shot-object-detection", "image-to-text", "image-text-to-text", "image-to-image", "text-to-image", "unconditional-image-generation",
        "depth-estimation", "image-feature-extraction", "mask-generation", "keypoint-detection", "video-classification", "text-to-video",
        "image-to-video", "video-text-to-text", "visual-question-answering", "document-question-answering", "automatic-speech-recognition",
        "audio-classification", "text-to-speech", "text-to-audio", "audio-to-audio", "voice-activity-detection", "any-to-any",
        "tabular-classification", "tabular-regression", "time-series-forecasting", "reinforcement-learning", "robotics", "graph-ml",
        "text-to-3d", "image-to-3d", "other",
    };

    /// <summary>
    /// The tasks whose model reads or writes text in a human language, so its card should say which (language):
    /// text in, text out, and speech recognised or spoken. Image, audio, video, tabular and reinforcement-learning
    /// tasks are not among them.
    /// </summary>
    public static readonly IReadOnlySet<string> TextTasks = new HashSet<string>(StringComparer.Ordinal)
    {
        "text-generation", "text2text-generation", "text-classification", "token-classification", "fill-mask", "question-answering",
        "table-question-answering", "zero-shot-classification", "translation", "summarization", "feature-extraction", "sentence-similarity",
        "text-ranking", "conversational", "automatic-speech-recognition", "text-to-speech",
    };

    /// <summary>Values of <paramref name="vocabulary"/> that start with <paramref name="prefix"/> (case-insensitive), sorted: for tab completion.</summary>
    public static IReadOnlyList<string> Complete(IEnumerable<string> vocabulary, string? prefix) =>
        vocabulary.Where(v => v.StartsWith(prefix?.Trim('\'', '"') ?? "", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
}
