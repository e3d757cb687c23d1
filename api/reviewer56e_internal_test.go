package api

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// TestReviewer56e_ForeignRecordWarning: the walk's stop at a record holding
// another certificate's content (certification.EarlierWalkForeign) is a
// review warning, Chinese and English, naming the certificate the walk
// read last, the ID it could not trust, and the operator to tell; the
// review had failed, 409, for it (reviewer 56e).
func TestReviewer56e_ForeignRecordWarning(t *testing.T) {
	sup := &certification.Certificate{Number: "CDPCF-2026-000009"}
	last := &certification.Certificate{Number: "CDPCF-2026-000005"}
	next := uuid.MustParse("b82395d1-6260-49f2-91e2-455cc23c8098")
	ws := earlierWalkWarnings(sup, &certification.EarlierWalkStop{Why: certification.EarlierWalkForeign, Read: 1, Last: last, Next: next})
	if len(ws) != 1 {
		t.Fatalf("warnings %+v, want one", ws)
	}
	w := ws[0]
	for _, s := range []string{w.Message, w.MessageZH} {
		if !strings.Contains(s, last.Number) || !strings.Contains(s, next.String()) || !strings.Contains(s, sup.Number) {
			t.Errorf("%q names not %s, %s and %s", s, sup.Number, last.Number, next)
		}
	}
	if w.Code != warnEarlierStudyWalkStopped || w.Path != "supersedes" || !strings.Contains(w.Message, "operator") || !strings.Contains(w.MessageZH, "运营方") {
		t.Errorf("warning %+v: want code %s at supersedes, telling the operator in both languages", w, warnEarlierStudyWalkStopped)
	}
}
