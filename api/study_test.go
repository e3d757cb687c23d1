package api_test

import (
	"bytes"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/seed/seedtest"
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

// contractSerial is the 绿电 trading contract the tests of this file claim.
const contractSerial = "GPT-SC-2025-0042"

// contractStudy returns the demo PV study of model serial (pvStudy) with
// its green certificates replaced by contract contractSerial: mwh of it
// delivered from start to end (2025 dates), the contract's whole term
// being total MWh (0: contract_mwh left out).
func contractStudy(tb testing.TB, model string, mwh, total float64, start, end string) []byte {
	tb.Helper()
	doc := mustDoc(tb, pvStudy(tb, model))
	in := map[string]any{"kind": "green-power-trading", "serial": contractSerial, "mwh": mwh,
		"period": map[string]any{"start": start, "end": end}, "technology": "pv",
		"factor": "ELEC-CN-GEN-PV-CF-2024", "transmission_factor": "ELEC-CN-TD-LOSS-CF-2024"}
	if total != 0 {
		in["contract_mwh"] = total
	}
	doc["electricity"].([]any)[0].(map[string]any)["instruments"] = []any{in}
	return seedtest.MustMarshal(tb, doc)
}

// Red team 8's open end: one 绿电 trading contract of 1,000 MWh, claimed
// whole by the demo maker's certified study for January to June and whole
// again by another company's study for July to December. The register keyed
// a contract by serial and period; the periods do not overlap, so both
// studies were stored, applied for and certified, each counting the
// contract's 1,000 MWh: 2,000 MWh of green power from a contract that
// delivers 1,000. With the contract's total in the study (contract_mwh),
// the register refuses a binding claim that takes the MWh claimed on the
// contract by all binding claims past it: 409 conflict naming the
// instrument's mwh, and nothing written.
func TestRedteam8_TradingContractCountedWholeByTwoStudies(t *testing.T) {
	st := newSeededStack(t)
	first := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: contractStudy(t, "GPT-A", 1000, 1000, "2025-01-01", "2025-06-30")}), 201).ID
	MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, first), "")), 201)

	second := contractStudy(t, "GPT-B", 1000, 1000, "2025-07-01", "2025-12-31")
	rec := st.do(t, request{method: "POST", target: "/v1/studies", as: asOther, contentType: "application/json", body: second})
	if rec.Code != 409 {
		if rec.Code == 201 {
			// Before the fix: stored, and certified as well.
			app := MustData[appData](t, st.do(t, request{method: "POST", target: "/v1/applications", as: asOther, contentType: "application/json",
				body: []byte(`{"study_id":"` + MustData[studyData](t, rec, 201).ID + `","certifier":"` + orgCertifier + `"}`)}), 201).ID
			t.Fatalf("contract %s (1,000 MWh) claimed whole by a certified study for January to June and again by another company's for July to December: stored, applied for, issue %d; want 409 conflict naming the mwh",
				contractSerial, st.do(t, st.issueReq(t, app, "")).Code)
		}
		t.Fatalf("second study: %d %s", rec.Code, rec.Body)
	}
	mustContractConflict(t, rec, "electricity[0].instruments[0].mwh")
	if n := len(MustData[[]struct{}](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asOther}), 200)); n != 0 {
		t.Fatalf("refused study stored anyway: the other company holds %d studies", n)
	}
}

// mustContractConflict fails unless rec is a 409 conflict naming contract
// contractSerial in its message and field as its field.
func mustContractConflict(tb testing.TB, rec *httptest.ResponseRecorder, field string) {
	tb.Helper()
	e := MustError(tb, rec, 409, "conflict")
	if e.Error.Field != field || !strings.Contains(e.Error.Message, contractSerial) {
		tb.Fatalf("conflict %q at %q, want contract %s named at %s", e.Error.Message, e.Error.Field, contractSerial, field)
	}
}

// Ensure a 绿电 trading contract is shared by its total: parts of it
// claimed by two companies' studies are certified while they stay within
// contract_mwh; a study stating another total is refused naming its
// contract_mwh; the holder's own second study is refused when it applies
// (the holder's claims refuse at application, docs/integrity.md §2a); a
// successor takes over its predecessor's part; and a study without the
// total, or claiming more than it, is refused as input.
func TestServer_TradingContractShared(t *testing.T) {
	certified := func(t *testing.T, st *stack, mwh float64) string {
		t.Helper()
		id := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
			body: contractStudy(t, "GPT-A", mwh, 1000, "2025-01-01", "2025-06-30")}), 201).ID
		return MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, id), "")), 201).CertificateID
	}
	postAs := func(t *testing.T, st *stack, as string, body []byte) *httptest.ResponseRecorder {
		return st.do(t, request{method: "POST", target: "/v1/studies", as: as, contentType: "application/json", body: body})
	}

	t.Run("PartsWithinTheTotal", func(t *testing.T) {
		st := newSeededStack(t)
		certified(t, st, 600)
		_, app := st.applyAsOther(t, contractStudy(t, "GPT-B", 400, 1000, "2025-07-01", "2025-12-31"))
		MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)
	})

	t.Run("ErrOneMWhPastTheTotal", func(t *testing.T) {
		st := newSeededStack(t)
		certified(t, st, 600)
		mustContractConflict(t, postAs(t, st, asOther, contractStudy(t, "GPT-B", 401, 1000, "2025-07-01", "2025-12-31")), "electricity[0].instruments[0].mwh")
	})

	t.Run("ErrOtherTotal", func(t *testing.T) {
		st := newSeededStack(t)
		certified(t, st, 600)
		mustContractConflict(t, postAs(t, st, asOther, contractStudy(t, "GPT-B", 400, 2000, "2025-07-01", "2025-12-31")), "electricity[0].instruments[0].contract_mwh")
	})

	t.Run("ErrSameHolderAtApplication", func(t *testing.T) {
		st := newSeededStack(t)
		certified(t, st, 1000)
		id := MustData[studyData](t, postAs(t, st, asMaker, contractStudy(t, "GPT-B", 1000, 1000, "2025-07-01", "2025-12-31")), 201).ID
		mustContractConflict(t, st.do(t, request{method: "POST", target: "/v1/applications", as: asMaker, contentType: "application/json",
			body: []byte(`{"study_id":"` + id + `","certifier":"` + orgCertifier + `"}`)}), "electricity[0].instruments[0].mwh")
	})

	t.Run("SuccessorTakesOver", func(t *testing.T) {
		st := newSeededStack(t)
		cert := certified(t, st, 1000)
		id := MustData[studyData](t, postAs(t, st, asMaker, contractStudy(t, "GPT-A", 1000, 1000, "2025-07-01", "2025-12-31")), 201).ID
		st.supersede(t, id, cert, "")
	})

	for _, tt := range []struct {
		name, field string
		body        []byte
	}{
		{"ErrNoTotal", "contract_mwh", contractStudy(t, "GPT-B", 400, 0, "2025-07-01", "2025-12-31")},
		{"ErrNegativeTotal", "contract_mwh", contractStudy(t, "GPT-B", 400, -1000, "2025-07-01", "2025-12-31")},
		{"ErrMoreThanTheTotal", "mwh", contractStudy(t, "GPT-B", 1001, 1000, "2025-07-01", "2025-12-31")},
		{"ErrTotalOnGreenCertificates", "contract_mwh", bytes.Replace(pvStudy(t, "GEC-CT"), []byte(`"mwh": 1000,`), []byte(`"mwh": 1000, "contract_mwh": 1000,`), 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st := newSeededStack(t)
			e := MustError(t, postAs(t, st, asMaker, tt.body), 400, "invalid")
			if want := "electricity[0].instruments[0]." + tt.field; e.Error.Field != want {
				t.Fatalf("refused %q at %q, want %s", e.Error.Message, e.Error.Field, want)
			}
			if n := len(MustData[[]struct{}](t, st.do(t, request{method: "GET", target: "/v1/studies", as: asMaker}), 200)); n != 0 {
				t.Fatalf("refused study stored anyway: %d studies", n)
			}
		})
	}
}
