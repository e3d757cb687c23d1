package api_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
)

// singleReads is the store's study service counting the studies read one
// by one (FindStudyByID).
type singleReads struct {
	*factordb.StudyService
	n atomic.Int64
}

func (s *singleReads) FindStudyByID(ctx context.Context, id string) (*footprint.Study, error) {
	s.n.Add(1)
	return s.StudyService.FindStudyByID(ctx, id)
}

// Ensure the workbench's studies page lists each study with its figure
// from the list's one read, as GET /v1/studies does: it read every listed
// study's document again (up to 50 per page) to show the figure.
func TestWebStudies_FigureFromTheList(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	kg := MustData[studyData](t, st.do(t, request{method: "GET", target: "/v1/studies/" + fx.study, as: asMaker}), 200).KgCO2e
	counted := &singleReads{StudyService: st.studies}
	st.srv.StudyService = counted
	mustWorkPage(t, st.signedIn(t, asMaker).get("/work/studies"), http.StatusOK,
		`href="/work/studies/`+fx.study+`"`, footprint.FormatKgCO2e(*kg))
	if n := counted.n.Load(); n != 0 {
		t.Errorf("the studies page read %d studies one by one, want none (the list has their figures)", n)
	}
}
