// Package studylist is what a list of studies shows of each: its summary
// and its result's headline figure, which the store keeps in the study's
// summary record, so that a list reads no study document (GET
// /v1/studies).
package studylist

import (
	"context"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Row is a study as a list shows it.
type Row struct {
	// Study has the study's identity, goal and scope and product: no
	// inventory, Document or Result.
	Study *footprint.Study

	// KgCO2e is the stored result's headline figure per declared unit,
	// and ResultDigest the SHA-256 (hex) of the stored result document,
	// as a single read of the study gives them; nil and "" for a study
	// stored without a result.
	KgCO2e       *float64
	ResultDigest string
}

// Lister is a footprint.StudyService that lists studies as rows, with
// their figures, from one read (factordb's StudyService).
type Lister interface {
	// FindStudyRows is StudyService.FindStudies with each study's figure.
	FindStudyRows(ctx context.Context, filter footprint.StudyFilter) ([]Row, int, error)
}
