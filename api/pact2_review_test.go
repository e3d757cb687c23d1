package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint/footprinttest"
)

// pact2StoreBefore does to stack st's store what a document stored before
// today's checks is: it replaces the stored document of every PACT
// footprint with id by doc (only owner's, when owner is not ""), in a
// copy of the store (its backup), which the stack then serves, as a
// server restarted on it would. The PACT footprint records are plain JSON
// with the document as uploaded.
func pact2StoreBefore(t *testing.T, st *stack, id string, doc []byte, owner ...string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "before.db")
	if _, err := st.db.BackupToFile(path); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("pact_footprints"))
		type kv struct{ k, v []byte }
		var puts []kv
		err := b.ForEach(func(k, v []byte) error {
			var rec map[string]json.RawMessage
			if err := json.Unmarshal(v, &rec); err != nil {
				return err
			}
			if string(rec["id"]) != `"`+id+`"` || len(owner) > 0 && string(rec["owner"]) != `"`+owner[0]+`"` {
				return nil
			}
			rec["document"] = doc
			out, err := json.Marshal(rec)
			puts = append(puts, kv{bytes.Clone(k), out})
			return err
		})
		for _, p := range puts {
			if err := b.Put(p.k, p.v); err != nil {
				return err
			}
		}
		n = len(puts)
		return err
	})
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil || n == 0 {
		t.Fatalf("replacing footprint %s: %d records, %v", id, n, err)
	}
	db, err := factordb.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = st.clock.Now
	sfs := factordb.NewFactorService(db)
	cs := factordb.NewCertificationService(db)
	st.auth, st.studies, st.certs = factordb.NewAuthService(db), factordb.NewStudyService(db, sfs, cs), realCerts{cs}
	st.keys, st.products, st.db = factordb.NewKeyService(db), factordb.NewProductService(db), db
	s := st.srv
	s.FactorService, s.AuthService, s.StudyService = sfs, st.auth, st.studies
	s.CertificationService, s.KeyService, s.ProductService = st.certs, st.keys, st.products
	s.PACTSuppliers, s.Backup = st.certs, db
}

// Ensure the certifier's review of a study on a supplier PACT footprint
// that today's checks refuse (stored before them: here the figure's
// member given again in another case, which red team 69 refuses) shows
// the application, the footprint's row "refused" and a warning on its
// line, in Chinese and English, naming what the checks refuse and that no
// certificate is issued on it; the issue is 409 naming the line, nothing
// written, the application pending. Before, the whole review was a 400
// ("no longer passes the upload checks"): the certifier could not read
// the application, nor tell its applicant why.
func TestPACT2_ReviewShowsStoredFootprintRefused(t *testing.T) {
	st := newSeededStack(t)
	const id = "7f2e8c90-3f4b-4c6d-9e0f-1a2b3c4d5e71"
	good := footprinttest.SupplierPACT3(id, "Active", "2025-01-01T00:00:00Z", "2027-12-31T00:00:00Z", "0.42")
	st.storeSupplierDoc(t, good)
	sd := MustData[studyData](t, st.do(t, request{method: "POST", target: "/v1/studies", as: asMaker, contentType: "application/json",
		body: studyWithSupplierLine(t, "GEC-PACT2-1", "pact:"+id, "kg")}), 201)
	app := st.apply(t, sd.ID)
	line := fmt.Sprintf("bom[%d].supplier", len(mustDoc(t, pvStudy(t, "GEC-PACT2-1"))["bom"].([]any)))

	twice := bytes.Replace(good, []byte(`"fossilCarbonContent":"0"`), []byte(`"fossilCarbonContent":"0","PcfExcludingBiogenicUptake":"42.0"`), 1)
	if !bytes.Contains(twice, []byte("PcfExcludingBiogenicUptake")) {
		t.Fatal("the test document did not change")
	}
	pact2StoreBefore(t, st, id, twice)

	v := st.review(t, app)
	if len(v.Review.PACT) != 1 || v.Review.PACT[0].Ref != "pact:"+id || v.Review.PACT[0].Status != "refused" {
		t.Fatalf("review rows %+v, want pact:%s refused", v.Review.PACT, id)
	}
	got := reviewWarningsWith(v, line, "pact:"+id, "no longer passes today's checks", "no certificate is applied for or issued on it", "PcfExcludingBiogenicUptake")
	if len(got) != 1 || !strings.Contains(got[0].MessageZH, "不能据此申请或签发证书") || !strings.Contains(got[0].MessageZH, "PcfExcludingBiogenicUptake") ||
		strings.ContainsFunc(got[0].Message, isHanRune) {
		t.Fatalf("review warnings %+v: want one on %s naming the check and the refused issue, each language once", v.Review.Warnings, line)
	}

	digest := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200).Review.Digest
	before := st.certs.auditCount()
	e := MustError(t, st.do(t, request{method: "POST", target: "/v1/applications/" + app + "/issue", as: asCert, contentType: "application/json",
		body: []byte(`{"signatory":"Zhang San","review_digest":"` + digest + `"}`)}), 409, "conflict")
	if e.Error.Field != line || !strings.Contains(e.Error.Message, "PcfExcludingBiogenicUptake") || !strings.Contains(e.Error.Message, "不能据此申请或签发证书") {
		t.Fatalf("issue: %+v, want 409 on %s naming the check, in both languages", e.Error, line)
	}
	if n := st.certs.auditCount(); n != before {
		t.Errorf("audit events %d → %d: something was written", before, n)
	}
	if v := MustData[appData](t, st.do(t, request{method: "GET", target: "/v1/applications/" + app, as: asCert}), 200); v.Status != "pending" {
		t.Errorf("application %s after the refused issue, want pending", v.Status)
	}
}

// Ensure the periodic re-read of fetched footprints goes on past one that
// today's checks refuse (stored before them: orgMaker2's copy of a v2
// footprint, whose figure's member is given again in another case): the
// pass asks the host for the other certificates' footprints, without
// error. Before, the refusal of that one stopped the pass for every
// certificate (RecheckPACTHosts returned it).
func TestPACT2_RecheckGoesPastStoredFootprintRefused(t *testing.T) {
	const id = "7f2e8c90-3f4b-4c6d-9e0f-1a2b3c4d5e72"
	doc := supplierDocV2(id, 1, "4.2")
	_, ts := newWatchedHost(t, id, doc)
	st := newSeededStack(t)
	st.fetchFrom(t, ts, "frames", id)
	MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.supplierStudy(t, "GEC-PACT2-W1", "pact:"+id)), "")), 201)
	MustData[any](t, st.do(t, request{method: "POST", target: "/v1/pact/endpoints", as: asOther, contentType: "application/json",
		body: []byte(`{"name":"frames","url":"` + ts.URL + `","client_id":"other","client_secret":"s3cret"}`)}), 201)
	MustData[any](t, st.fetchPACT(t, asOther, "frames", id), 201)
	_, app := st.applyAsOther(t, studyWithSupplierLine(t, "GEC-PACT2-W2", "pact:"+id, "kg"))
	MustData[issueData](t, st.do(t, st.issueReq(t, app, "")), 201)

	twice := bytes.Replace(doc, []byte(`"pCfExcludingBiogenic":"4.2"`), []byte(`"pCfExcludingBiogenic":"4.2","PCfExcludingBiogenic":"42.0"`), 1)
	if bytes.Equal(twice, doc) {
		t.Fatal("the test document did not change")
	}
	pact2StoreBefore(t, st, id, twice, orgMaker2)
	res, err := st.srv.RecheckPACTHosts(context.Background())
	if err != nil || res.Asked != 1 || res.Errors != 0 {
		t.Fatalf("RecheckPACTHosts: %+v, %v; want orgMaker's footprint asked for, without error", res, err)
	}
}

func isHanRune(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }
