package api_test

import (
	"strings"
	"testing"
)

// Reviewer 56b (the honest reader, a service behind a reverse proxy with a
// path prefix): the label prints its service's host alone under the QR
// code ("pcf.example.cn", labels.verifyHost), the address bar shows that
// host followed by the page's path, and the page named the host with the
// base URL's path ("pcf.example.cn/pcf") and asked for both to be the same
// "character for character": a genuine page then differed from its own
// label, and the reader was told to distrust it. Ensure the page names
// the host as the label prints it, and asks for the address bar's host,
// the part before the first "/", to be that.
func TestReviewer56b_PageHostBehindAPathPrefix(t *testing.T) {
	st := newSeededStack(t)
	fx := st.seedFixture(t, "")
	st.srv.BaseURL = "https://pcf.example.cn/pcf/"
	body := getHTML(t, st.srv, "/v1/certificates/"+fx.cert+"/verify").Body.String()
	for _, want := range []string{
		`id="site-host">pcf.example.cn</b>`,
		`本页的网址是 <b class="mono nb">pcf.example.cn</b>:请核对浏览器地址栏中网址的主机部分(第一个“/”之前)与之逐字相同`,
		`check that your browser's address bar shows exactly that before the first "/"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("base URL with a path: the page lacks %q", want)
		}
	}
	if strings.Contains(body, "pcf.example.cn/pcf</b>") {
		t.Errorf("the page names the host with the base URL's path, which the label does not print")
	}
}
