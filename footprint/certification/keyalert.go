package certification

import "fmt"

// UnvouchedKeyUse is what an API key no former key of a certification body
// vouched for (access.APIKey.Unvouched) did to a valid certificate: its
// public verification marks it issuing_key_unvouched or
// status_key_unvouched (red teams 48 and 49).
type UnvouchedKeyUse int

const (
	UnvouchedIssuingKey UnvouchedKeyUse = iota // the certificate was issued with it
	UnvouchedStatusKey                         // it last set the certificate valid (a reinstatement or a review)
)

// UnvouchedKeyMessage is the one wording of a refusal for such a key, in
// both languages (Chinese first): of certificate number, a supplier
// certificate when supplier, and its API key key, which did use; thenZH
// and thenEN say what is refused until the body vouches for the key. The
// documents and PACT (api) and the issue of a certificate resting on it
// as a supplier (factordb) refuse it so.
func UnvouchedKeyMessage(supplier bool, number, key string, use UnvouchedKeyUse, thenZH, thenEN string) string {
	whoZH, whoEN := "证书", "certificate"
	if supplier {
		whoZH, whoEN = "供应商证书", "supplier certificate"
	}
	whatZH, whatEN := "签发密钥", "issued"
	if use == UnvouchedStatusKey {
		whatZH, whatEN = "恢复或复核密钥", "set valid (reinstated or reviewed)"
	}
	return fmt.Sprintf("%s %s 的%s未经机构担保（API 密钥 %s）：%s。%s %s was %s with API key %s, which no former key of its certification body has vouched for: %s",
		whoZH, number, whatZH, key, thenZH, whoEN, number, whatEN, key, thenEN)
}
