"""Google's Perspective API (AnalyzeComment, SuggestCommentScore) as Coral Talk and its clients call it."""
