package api_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint/certification"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// otherKeys is a key service that publishes a key the certificates were
// not signed with: as if the certificate records had been edited in the
// database, or their key lost.
type otherKeys struct {
	certification.KeyService
	key certification.PublicKey
}

func (k otherKeys) PublicKeys(context.Context) ([]certification.PublicKey, error) {
	return []certification.PublicKey{k.key}, nil
}

// Ensure the PACT API does not state a certificate's footprint that fails
// the server's own signature check (its record edited in the database, or
// its key lost). The verification page calls such a certificate "签名未通过
// 验证 Signature not verified: do not rely on it"; the PACT API served it
// to buyers' systems as an Active footprint with its figure, no sign of
// the failure.
func TestRedteam5_PACTFootprintNeedsItsSignature(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	a := h.certs["A"]
	h.st.srv.KeyService = otherKeys{h.st.srv.KeyService, footprinttest.Key(t, "redteam5 other key", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)).PublicKey()}
	for _, v := range []string{"2", "3"} {
		status, _, body := h.get(t, tok, "/"+v+"/footprints/"+a)
		if status == 200 || strings.Contains(string(body), `"Active"`) {
			t.Errorf("GET /%s/footprints/%s: %d %s; want no footprint", v, a, status, truncateBody(body))
		}
		status, _, body = h.get(t, tok, "/"+v+"/footprints")
		if status == 200 && slices.Contains(ids(t, body), a) {
			t.Errorf("GET /%s/footprints lists %s", v, a)
		}
	}
}
