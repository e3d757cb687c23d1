package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
)

// Ensure a record failing the service's own check (409 at "signature") is
// not worded as a conflict a reload mends (reviewer 56e: "请刷新后重试 /
// reload and try again" stood above it), while another conflict keeps that
// hint.
func TestErrorPage_RecordFailingItsCheckIsNoConflictToReload(t *testing.T) {
	p := newErrorPage(http.StatusConflict, errorBody{Code: footprint.ECONFLICT, Field: "signature", Message: "certificate CDPCF-2026-000001 on record fails the service's check"})
	for _, h := range []string{p.HintZH, p.HintEN} {
		if strings.Contains(h, "刷新") || strings.Contains(h, "reload") {
			t.Errorf("hint %q tells the reader to reload", h)
		}
	}
	if !strings.Contains(p.HintZH, "服务运营方") || !strings.Contains(p.HintEN, "operator") {
		t.Errorf("hints %q / %q do not send the reader to the operator", p.HintZH, p.HintEN)
	}
	other := newErrorPage(http.StatusConflict, errorBody{Code: footprint.ECONFLICT, Field: "status", Message: "certificate is withdrawn"})
	if !strings.Contains(other.HintEN, "reload and try again") {
		t.Errorf("another conflict's hint %q lost its reload", other.HintEN)
	}
}
