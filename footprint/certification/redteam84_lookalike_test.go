package certification_test

import "testing"

// Red team 84: carbon neutrality written so that a reader still reads it
// and the neutrality patterns did not: a capital I for the l of neutral,
// which the certificate font prints as a lower-case l (red team 45's
// reading of the status words, not applied to neutrality); a claim spelled
// letter by letter where no boundary is left in the compact form
// ("n e t z e r o"); and Latin small capitals, which NFKC leaves as they
// are ("ᴄᴀʀʙᴏɴ ɴᴇᴜᴛʀᴀʟ", "75 ᴋɢ ᴄᴏ2ᴇ"). Each was accepted; ensure each is
// refused naming its field, and a company's name may still hold the words.
func TestRedteam84_NeutralityInLookAlikeLetters(t *testing.T) {
	checkClaimCases(t, "carbon neutrality or a carbon figure beside the certified 150 kgCO2e", []claimCase{
		{"product.name", "Demo Module CARBON-NEUTRAI"},
		{"product.name", "Demo Module carbon-neutraI"},
		{"product.name", "Demo Module CLIMATE NEUTRAI"},
		{"product.name", "Demo Module n e t z e r o"},
		{"product.name", "Demo Module N.E.T. Z.E.R.O"},
		{"product.name", "Demo Module ᴄᴀʀʙᴏɴ ɴᴇᴜᴛʀᴀʟ"},
		{"product.name", "Demo Module ɴᴇᴛ ᴢᴇʀᴏ"},
		{"product.name", "Demo Module 75 ᴋɢ ᴄᴏ2ᴇ"},
		{"product.name", "Demo Module ᴄᴇʀᴛɪꜰɪᴇᴅ"},
	}, []claimCase{
		{"product.manufacturer", "Net Zero Solar Co."},
		{"product.name", "Demo Module, negative electrode"},
		{"product.name", "Demo Module 54 cells"},
	})
}
