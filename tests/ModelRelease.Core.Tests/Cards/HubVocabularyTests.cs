using ModelRelease.Core.Cards;

namespace ModelRelease.Core.Tests.Cards;

public class HubVocabularyTests
{
    [Fact]
    public void Completion_offers_the_Hubs_values_by_prefix_case_insensitively_and_quoted()
    {
        Assert.Equal(["apache-2.0", "apple-amlr", "apple-ascl"], HubVocabulary.Complete(HubVocabulary.Licenses, "ap").Take(3));
        Assert.Contains("cc-by-4.0", HubVocabulary.Complete(HubVocabulary.Licenses, "'CC-BY"));
        Assert.Equal(["text-generation", "text-ranking", "text-to-3d", "text-to-audio", "text-to-image", "text-to-speech", "text-to-video", "text2text-generation"],
            HubVocabulary.Complete(HubVocabulary.PipelineTags, "text-").Concat(HubVocabulary.Complete(HubVocabulary.PipelineTags, "text2")).Where(t => t != "text-classification"));
        Assert.Contains("en", HubVocabulary.Complete(HubVocabulary.Languages, "e"));
        Assert.Empty(HubVocabulary.Complete(HubVocabulary.Licenses, "zz-not"));
        Assert.Equal(HubVocabulary.Licenses.Count, HubVocabulary.Complete(HubVocabulary.Licenses, null).Count);
    }
}
