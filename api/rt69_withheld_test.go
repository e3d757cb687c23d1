package api_test

import "testing"

// Ensure a ListFootprints page counts against PACTConfig.MaxPageReads the
// certificates it reads and withholds (E, suspended, here), as it counts
// those it lists: the walk passed over a withheld certificate without
// counting it, so a page read every suspended or flagged certificate in
// its way, however many, whatever the bound (red team 69's bound).
func TestRedteam69_ListPageReadsCountWithheld(t *testing.T) {
	h := newPACTHost(t)
	tok := h.token(t)
	h.st.srv.PACT.MaxPageReads = 1
	withheldPages := 0 // pages that read a certificate and listed none, with a Link on
	for target := "/3/footprints?limit=100"; target != ""; {
		status, hdr, body := h.get(t, tok, target)
		if status != 200 {
			t.Fatalf("%s: %d %s", target, status, body)
		}
		n := len(ids(t, body))
		if n > 1 {
			t.Fatalf("%s: %d footprints at one read a page", target, n)
		}
		target = ""
		if l := hdr.Get("Link"); l != "" {
			m := linkRe.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("Link %q", l)
			}
			target = m[1]
			if n == 0 {
				withheldPages++
			}
		}
	}
	if withheldPages == 0 {
		t.Errorf("no page ended on the suspended certificate it read: withheld certificates are not counted as reads")
	}
}
