package api

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/certification"
)

// restores is a Restorer answering its restores.
type restores []certification.RestoredCopy

func (r restores) RestoredCopies() ([]certification.RestoredCopy, error) { return r, nil }

// Ensure the not_found of the public verification of a service restored
// twice names the earlier restore too, in both languages (red team 52: it
// named the last alone, and a certificate the first lost, issued before
// the second copy's end, read as never issued), and restored_copy_end
// stays the last copy's end.
func TestServer_RestoredNotFoundNamesEarlierRestores(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 8, 0, 0, 0, time.UTC) }
	s := &Server{Restore: restores{{CopyEnd: day(2), At: day(3)}, {CopyEnd: day(10), At: day(11)}}}
	status, body := s.errorStatus(s.restoredLookup(footprint.Errorf(footprint.ENOTFOUND, "证书 x 不存在。certificate x not found")))
	if status != http.StatusNotFound || body.Code != footprint.ENOTFOUND || body.RestoredCopyEnd != "2026-03-10T08:00:00Z" {
		t.Fatalf("%d %+v; want not_found, restored_copy_end the last copy's end", status, body)
	}
	zh, en, ok := strings.Cut(body.Message, "certificate x not found")
	if !ok {
		t.Fatalf("message %q lacks the lookup's", body.Message)
	}
	for _, want := range []string{"截至 2026-03-10T08:00:00Z 的备份副本恢复", "此前它们还曾于 2026-03-03T08:00:00Z 从截至 2026-03-02T08:00:00Z 的副本恢复"} {
		if !strings.Contains(zh, want) {
			t.Errorf("the Chinese half %q lacks %q", zh, want)
		}
	}
	for _, want := range []string{"restored from a copy ending at 2026-03-10T08:00:00Z", "earlier, at 2026-03-03T08:00:00Z, they were restored from a copy ending at 2026-03-02T08:00:00Z"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English half %q lacks %q", en, want)
		}
	}
}

// Ensure the page's wording of a lookup that found nothing on a service
// restored twice names the earlier restore's lost time too, in both
// languages, and a service restored once keeps its wording.
func TestRestoredPageText_EarlierRestores(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 8, 0, 0, 0, time.UTC) }
	once, onceEN := restoredPageText(day(10), true)
	if !strings.Contains(once, "若早于此时,此标识可能是伪造的") || !strings.Contains(onceEN, "if it is earlier, the label may not be genuine") {
		t.Errorf("restored once: %q %q", once, onceEN)
	}
	zh, en := restoredPageText(day(10), true, restores{{CopyEnd: day(2), At: day(3)}}...)
	for _, want := range []string{"未找到该编号的证书", "截至 2026-03-10T08:00:00Z", "2026-03-02T08:00:00Z 至 2026-03-03T08:00:00Z"} {
		if !strings.Contains(zh, want) {
			t.Errorf("%q lacks %q", zh, want)
		}
	}
	for _, want := range []string{"No certificate has this number", "between 2026-03-02T08:00:00Z and 2026-03-03T08:00:00Z (UTC), or after 2026-03-10T08:00:00Z"} {
		if !strings.Contains(en, want) {
			t.Errorf("%q lacks %q", en, want)
		}
	}
}

// Ensure the service tells which certificates it holds have a number a
// certificate lost by a restore may have had: issued after the restore,
// with a number of a year the lost time (copy end to restore) lies in;
// not one issued before the restore, nor one of a later year, nor any on
// a service never restored.
func TestServer_NumberGivenAgain(t *testing.T) {
	at := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 8, 0, 0, 0, time.UTC) }
	restored := &Server{Restore: restores{{CopyEnd: at(2026, 3, 2), At: at(2026, 3, 3)}, {CopyEnd: at(2026, 12, 30), At: at(2027, 1, 5)}}}
	for _, tt := range []struct {
		name   string
		s      *Server
		issued time.Time
		want   []RestoredCopyJSON
	}{
		{"issued after the first restore", restored, at(2026, 3, 4), []RestoredCopyJSON{{CopyEnd: at(2026, 3, 2), RestoredAt: at(2026, 3, 3)}}},
		{"issued before the first restore", restored, at(2026, 3, 2), nil},
		{"issued after the second restore, numbered in its lost time's later year", restored, at(2027, 1, 6), []RestoredCopyJSON{{CopyEnd: at(2026, 12, 30), RestoredAt: at(2027, 1, 5)}}},
		{"issued a year after the last lost time", restored, at(2028, 1, 6), nil},
		{"never restored", &Server{Restore: restores{}}, at(2026, 3, 4), nil},
		{"no restore record", &Server{}, at(2026, 3, 4), nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.s.numberGivenAgain(&certification.Certificate{IssuedAt: tt.issued})
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("numberGivenAgain = %v, %v; want %v", got, err, tt.want)
			}
			zh, en := numberAgainText(got)
			if said := strings.Contains(zh, "编号在本服务从备份恢复之后发放") && strings.Contains(en, "number was given out after the service restored its records"); said != (tt.want != nil) {
				t.Errorf("page text %q %q, want it said: %v", zh, en, tt.want != nil)
			}
			for _, p := range tt.want {
				if e := p.CopyEnd.Format(time.RFC3339); !strings.Contains(zh, e) || !strings.Contains(en, "from a copy ending at "+e) {
					t.Errorf("page text %q %q lacks the copy's end %s", zh, en, e)
				}
			}
		})
	}
}
