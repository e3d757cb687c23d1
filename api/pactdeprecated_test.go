package api_test

import (
	"bytes"
	"testing"
)

// A Deprecated PACT footprint never changes (reference/pact.md): B,
// superseded by C, is served as superseded, version 2, after its certifier
// withdraws it too, in both versions of the API; before, its status
// comment and updated time changed under the same version, so a partner
// holding version 2 would never read the change. The withdrawal reaches
// partners through C, flagged and withheld until its certifier reviews it.
func TestPACT_SupersededThenWithdrawnStaysTheSame(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	before := map[string][]byte{}
	for _, v := range []string{"2", "3"} {
		status, _, body := h.get(t, tok, "/"+v+"/footprints/"+h.certs["B"])
		if status != 200 || !bytes.Contains(body, []byte(`"status":"Deprecated"`)) || v == "2" && !bytes.Contains(body, []byte("was superseded on")) {
			t.Fatalf("v%s B before the withdrawal: %d %s", v, status, truncateBody(body))
		}
		before[v] = body
	}
	h.setStatus(t, h.certs["B"], "withdraw")
	for _, v := range []string{"2", "3"} {
		status, _, body := h.get(t, tok, "/"+v+"/footprints/"+h.certs["B"])
		if status != 200 || !bytes.Equal(body, before[v]) {
			t.Errorf("v%s B after its withdrawal: %d\n%s\nwant it unchanged:\n%s", v, status, body, before[v])
		}
		h.getError(t, tok, "/"+v+"/footprints/"+h.certs["C"], 403, "AccessDenied")
	}
}
