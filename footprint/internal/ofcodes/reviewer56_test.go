package ofcodes_test

import (
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/internal/ofcodes"
)

// Reviewer 56: HasPrefix (perf55) compares a code with a rule's prefix
// without writing "SCHEME:code". Ensure it answers as writing it did, for
// every prefix of every written code and its near misses: a prefix within
// the scheme ("H"), the scheme alone, "HS:", another letter or a digit
// where the colon stands, a longer scheme (HSS), an empty scheme.
func TestReviewer56_HasPrefixAsWritten(t *testing.T) {
	pcs := []footprint.ProductCode{{Scheme: "HS", Code: "854142"}, {Scheme: "HS", Code: "85"}, {Scheme: "CPC", Code: "41532"},
		{Scheme: "HSS", Code: "8541"}, {Scheme: "", Code: "8541"}, {Scheme: "HS", Code: ""}, {Scheme: "CNPC", Code: "3825"}}
	var prefixes []string
	for _, pc := range pcs {
		w := pc.Scheme + ":" + pc.Code
		for i := 0; i <= len(w); i++ {
			prefixes = append(prefixes, w[:i], w[:i]+"X", w[:i]+"8", w[:i]+":")
		}
	}
	for _, pc := range pcs {
		for _, p := range prefixes {
			if got, want := ofcodes.HasPrefix(pc, p), strings.HasPrefix(pc.Scheme+":"+pc.Code, p); got != want {
				t.Errorf("HasPrefix(%s:%s, %q) = %v, want %v", pc.Scheme, pc.Code, p, got, want)
			}
		}
	}
}
