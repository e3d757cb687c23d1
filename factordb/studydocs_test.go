package factordb_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// A study's documents are stored in creation order (keyed by creation time
// and ID), so that a new one lands in the last leaf of the bucket; studies
// stored before, under their ID alone, are still read, listed and
// certified.
func TestStudyService_DocumentKeys(t *testing.T) {
	ctx := context.Background()
	s := MustOpenWithOrgs(t)
	// Created at decreasing times would be in reverse UUID order only by
	// chance: give them increasing ones and check the bucket's order.
	clock := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	s.db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }
	var studies []*footprint.Study
	for i := range 4 {
		studies = append(studies, s.MustCreateStudy(t, orgMaker, fmt.Sprintf("GEC-DOCKEY-%d", i)))
	}
	keys, err := factordb.StudyDocumentKeys(s.db)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(studies) {
		t.Fatalf("%d documents, want %d", len(keys), len(studies))
	}
	for i, k := range keys {
		id := uuid.MustParse(studies[i].ID)
		if len(k) != 8+16 || !bytes.Equal(k[8:], id[:]) {
			t.Fatalf("document %d under %x, want the creation time and %s", i, k, id)
		}
	}

	// Study 1 as stored before: under its ID.
	old := studies[1]
	if err := factordb.MoveStudyDocumentsToID(s.db, old.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.studies.FindStudyByID(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Document, old.Document) || got.Result == nil || got.Result.KgCO2e != old.Result.KgCO2e {
		t.Fatal("study stored under its ID reads differently")
	}
	if doc := factordb.StoredStudyDocument(s.db, old.ID); !bytes.Equal(doc, old.Document) {
		t.Fatal("StoredStudyDocument of a study stored under its ID")
	}
	list, total, err := s.studies.FindStudies(ctx, footprint.StudyFilter{})
	if err != nil || total != len(studies) {
		t.Fatalf("%d studies, %v", total, err)
	}
	owned, _, err := s.studies.FindStudies(ctx, footprint.StudyFilter{Owner: &old.Owner})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range [][]*footprint.Study{list, owned} {
		if len(l) != len(studies) || l[1].ID != old.ID || !bytes.Equal(l[1].Document, old.Document) {
			t.Fatalf("listed: %v", studyIDs(l))
		}
	}
	// Both kinds are certified, signing the document as stored.
	for _, st := range []*footprint.Study{old, studies[2]} {
		app := &certification.Application{StudyID: st.ID, Manufacturer: orgMaker, Certifier: orgCertifier}
		if err := s.certs.CreateApplication(ctx, app); err != nil {
			t.Fatal(err)
		}
		rec, err := s.certs.IssueCertificate(ctx, app.ID, issueReq)
		if err != nil {
			t.Fatalf("study %s: %v", st.ID, err)
		}
		if got, want := rec.Certificate().StudyDigest, certification.StudyDigest(st.Document); got != want {
			t.Fatalf("study %s: study digest %s, want %s", st.ID, got, want)
		}
	}
}
