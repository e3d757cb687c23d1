package certification

import (
	"time"

	"fmt"

	"github.com/chengdu-pcf/pcf/footprint"
)

// UnvouchedKeyUse is what an API key no former key of a certification body
// vouched for (access.APIKey.Unvouched) did to a valid certificate: its
// public verification marks it issuing_key_unvouched or
// status_key_unvouched (red teams 48 and 49).
type UnvouchedKeyUse int

const (
	UnvouchedIssuingKey UnvouchedKeyUse = iota // the certificate was issued with it
	UnvouchedStatusKey                         // it last set the certificate valid (a reinstatement or a review)
)

// UnvouchedKeyText is the one wording of a refusal for such a key, in
// Chinese (zh) and in English (en), each a whole sentence: of certificate
// number, a supplier certificate when supplier, and its API key key, which
// did use; thenZH and thenEN say what is refused until the body vouches
// for the key. The documents and PACT (api), and the issue of a
// certificate resting on it as a supplier and a preview's warning
// (factordb), word it so: an error joins zh and en, Chinese first; a
// warning keeps them in its two fields.
func UnvouchedKeyText(supplier bool, number, key string, use UnvouchedKeyUse, thenZH, thenEN string) (zh, en string) {
	whoZH, whoEN, whatZH, whatEN := keyTextWords(supplier, use)
	return fmt.Sprintf("%s %s 的%s密钥未经机构担保（API 密钥 %s）：%s。", whoZH, number, whatZH, key, thenZH),
		fmt.Sprintf("%s %s was %s with API key %s, which no former key of its certification body has vouched for: %s", whoEN, number, whatEN, key, thenEN)
}

// keyTextWords are the words UnvouchedKeyText and CompromisedKeyText
// share: who was signed (a certificate or a supplier certificate) and what
// the key did (use).
func keyTextWords(supplier bool, use UnvouchedKeyUse) (whoZH, whoEN, whatZH, whatEN string) {
	whoZH, whoEN = "证书", "certificate"
	if supplier {
		whoZH, whoEN = "供应商证书", "supplier certificate"
	}
	whatZH, whatEN = "签发", "issued"
	if use == UnvouchedStatusKey {
		whatZH, whatEN = "恢复或复核", "set valid (reinstated or reviewed)"
	}
	return whoZH, whoEN, whatZH, whatEN
}

// FailsRecordCheck reports whether err refuses a certificate record as not
// to be relied on: ECONFLICT on the field "signature", which the store
// answers for a record holding another certificate's signed content and
// the API for a record failing its signature check. Callers leave such a
// record out of a list, withhold its footprint, or tell the person who
// scanned its label not to rely on it.
func FailsRecordCheck(err error) bool {
	return footprint.ErrorCode(err) == footprint.ECONFLICT && footprint.ErrorField(err) == "signature"
}

// CompromisedKeyText is the one wording of a refusal for a certificate
// issued, or last set valid (use), with an API key reported compromised
// (access.APIKey.CompromisedSince) at or after since, as UnvouchedKeyText
// words an unvouched key's: its public verification marks it
// issuing_key_compromised or status_key_compromised.
func CompromisedKeyText(supplier bool, number, key string, since time.Time, use UnvouchedKeyUse, thenZH, thenEN string) (zh, en string) {
	whoZH, whoEN, whatZH, whatEN := keyTextWords(supplier, use)
	at := since.UTC().Format(time.RFC3339)
	return fmt.Sprintf("%s %s 由 API 密钥 %s 于其被报告泄露(自 %s 起)之后%s,可能并非其认证机构所为：%s。", whoZH, number, key, at, whatZH, thenZH),
		fmt.Sprintf("%s %s was %s with API key %s after the time it was reported compromised as of (%s): its certification body may not have done it; %s", whoEN, number, whatEN, key, at, thenEN)
}
