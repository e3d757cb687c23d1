package certification

// HanWordsForTest exposes hanWordsRe and hanWords to the external tests.
func HanWordsForTest(s string) string { return hanWordsRe.ReplaceAllStringFunc(s, hanWords) }
