package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// Red team 18: another manufacturer claims the demo maker's green
// certificates by writing their serials without a hyphen between two
// runs of letters, or between the letters and the year. The demo maker's
// study claims the batch GEC-DEMO-2025-000001 to GEC-DEMO-2025-001000
// (1,000 MWh) and is applied for, so its claim binds. A second company
// (asOther) stores the same study, after the demo maker's certificate is issued, with the batch written
// GECDEMO-2025-000001 to GECDEMO-2025-001000 (or GEC-DEMO2025-000001 to
// GEC-DEMO2025-001000): the same certificates as any person reads them.
// The register keys a serial by its runs between punctuation (serial.Key)
// and reads a batch as the text before the final number plus that number
// (serial.Number): "GECDEM0-2025-" + 1..1000 and "GEC-DEM02025-" + 1..1000
// are other prefixes than "GEC-DEM0-2025-", so nothing overlaps. The
// second study is stored, applied for and certified with the 1,000 MWh
// counted (the demo module 151.09 kgCO2e without the batch, 150.10 with
// it; a line of more electricity gains in proportion), and both
// certificates count the same green power (PRODUCT.md principle 4). A
// correct register compares serials with the punctuation between letters,
// and between letters and digits, folded away, and refuses the second
// study with 409 conflict naming the serial.
func TestRedteam18_GreenBatchClaimedTwiceWithoutHyphens(t *testing.T) {
	for _, prefix := range []string{"GECDEMO-2025", "GEC-DEMO2025", "GECDEMO2025"} {
		t.Run(prefix, func(t *testing.T) {
			st := newSeededStack(t)
			// The demo maker's claim binds: its certificate is issued.
			// pvStudy(demoSerial) renumbers the batch to
			// GEC-DEMO-2025-000001-000001…; pvStudy("GEC-DEMO-2025")
			// keeps the seed's GEC-DEMO-2025-000001 to -001000, the batch
			// this test is about (as its own product model).
			MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-DEMO-2025")), "")), 201)
			rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: pvStudy(t, prefix)})
			if rec.Code == 409 {
				mustConflictNamingSerial(t, rec, prefix)
				// Nothing written: the other company holds no study.
				if n := len(MustData[[]struct{}](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asOther}), 200)); n != 0 {
					t.Fatalf("refused study stored anyway: the other company holds %d studies", n)
				}
				return
			}
			if rec.Code != 201 {
				t.Fatalf("store: %d %s", rec.Code, rec.Body)
			}
			id := MustData[studyData](t, rec, 201).ID
			rec = st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
				body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)})
			if rec.Code == 409 {
				mustConflictNamingSerial(t, rec, prefix)
				return
			}
			app := MustData[appData](t, rec, 201).ID
			rec = st.do(t, st.issueReq(t, app, ""))
			if rec.Code == 409 {
				mustConflictNamingSerial(t, rec, prefix)
				return
			}
			t.Fatalf("the demo maker's certified batch GEC-DEMO-2025-000001..001000 (1,000 MWh) written %s-000001..001000 by another company: stored, applied for, issue %d %.300s; want 409 conflict naming the serial",
				prefix, rec.Code, rec.Body)
		})
	}
}

// mustConflictNamingSerial fails unless rec is a 409 conflict naming the
// study's first green-certificate serial, prefix-000001, in its message and
// its field (electricity[i].instruments[j].serial).
func mustConflictNamingSerial(tb testing.TB, rec *httptest.ResponseRecorder, prefix string) {
	tb.Helper()
	e := MustError(tb, rec, 409, "conflict")
	if !strings.Contains(e.Error.Message, prefix+"-000001") || !strings.HasPrefix(e.Error.Field, "electricity[") || !strings.HasSuffix(e.Error.Field, "].serial") {
		tb.Fatalf("conflict naming %q at %q, want the serial %s-000001 at electricity[i].instruments[j].serial", e.Error.Message, e.Error.Field, prefix)
	}
}
