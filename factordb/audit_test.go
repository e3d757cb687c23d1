package factordb_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chengdu-pcf/pcf/factordb"
	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

func TestCertificationService_AuditEvents(t *testing.T) {
	ctx, s := mustStart(t)
	// Only the events made here: the seed set and the test organisations
	// were audited too.
	keyCreate := access.AuditKeyCreate
	as := func(org string, role access.Role) context.Context {
		return access.NewContextWithPrincipal(ctx, &access.Principal{Org: org, Role: role, KeyID: "key-" + org})
	}
	// Ten events by two actors (RecordAuditEvent: export_test.go).
	for i := range 10 {
		actx := as("admin", access.RoleAdmin)
		if i%2 == 1 {
			actx = ctx // system
		}
		if err := s.certs.RecordAuditEvent(actx, access.AuditKeyCreate, fmt.Sprintf("key/k%d", i), fmt.Sprintf("event %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	detail := func(events []*access.AuditEvent) []string {
		out := make([]string, len(events))
		for i, e := range events {
			out[i] = e.Detail
		}
		return out
	}

	t.Run("NewestFirst", func(t *testing.T) {
		// Ensure events come newest first with their actor.
		events, next, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &keyCreate})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"event 9", "event 8", "event 7", "event 6", "event 5", "event 4", "event 3", "event 2", "event 1", "event 0"}
		if got := detail(events); !slices.Equal(got, want) || next != "" {
			t.Fatalf("got %v (next %q), want %v", got, next, want)
		}
		if e := events[1]; e.Actor != "admin" || e.Role != access.RoleAdmin || e.KeyID != "key-admin" || e.ID.Version() != 4 {
			t.Fatalf("event %+v", e)
		}
		if e := events[0]; e.Actor != "system" || e.Role != "" || e.KeyID != "" {
			t.Fatalf("event %+v", e)
		}
		for i := 1; i < len(events); i++ {
			if events[i].At.After(events[i-1].At) {
				t.Fatal("events out of time order")
			}
		}
	})

	t.Run("Pagination", func(t *testing.T) {
		// Ensure pages of 3 cover every event once, in order, and new
		// events do not shift a page in progress.
		var got []string
		cursor := ""
		for page := 0; ; page++ {
			events, next, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: &keyCreate, Cursor: cursor, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, detail(events)...)
			if page == 0 {
				if err := s.certs.RecordAuditEvent(ctx, "test.later", "test/1", "later"); err != nil {
					t.Fatal(err)
				}
			}
			if next == "" {
				break
			}
			cursor = next
		}
		want := []string{"event 9", "event 8", "event 7", "event 6", "event 5", "event 4", "event 3", "event 2", "event 1", "event 0"}
		if !slices.Equal(got, want) {
			t.Fatalf("got %v, want %v", got, want)
		}
	})

	t.Run("Filters", func(t *testing.T) {
		// Ensure subject, actor, action and since filter, combined with
		// paging.
		events, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Subject: ptr("key/k4")})
		if err != nil {
			t.Fatal(err)
		}
		if got := detail(events); !slices.Equal(got, []string{"event 4"}) {
			t.Fatalf("subject: %v", got)
		}
		events, next, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Actor: ptr("admin"), Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		events2, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Actor: ptr("admin"), Limit: 2, Cursor: next})
		if err != nil {
			t.Fatal(err)
		}
		if got := append(detail(events), detail(events2)...); !slices.Equal(got, []string{"event 8", "event 6", "event 4", "event 2"}) {
			t.Fatalf("actor pages: %v", got)
		}
		events, _, err = s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: ptr("test.later")})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 {
			t.Fatalf("action: %d events", len(events))
		}
		all, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Action: ptr(access.AuditKeyCreate)})
		if err != nil {
			t.Fatal(err)
		}
		since := all[2].At // event 7
		events, _, err = s.certs.FindAuditEvents(ctx, access.AuditFilter{Since: &since, Action: ptr(access.AuditKeyCreate)})
		if err != nil {
			t.Fatal(err)
		}
		if got := detail(events); !slices.Equal(got, []string{"event 9", "event 8", "event 7"}) {
			t.Fatalf("since: %v", got)
		}
	})

	t.Run("Errors", func(t *testing.T) {
		// Ensure a bad cursor or a negative limit is EINVALID.
		for _, cursor := range []string{"!!", "AAAA"} {
			_, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Cursor: cursor})
			assertCode(t, err, footprint.EINVALID)
		}
		_, _, err := s.certs.FindAuditEvents(ctx, access.AuditFilter{Limit: -1})
		assertCode(t, err, footprint.EINVALID)
	})
}

// FindAuditEvents by subject, actor or action, alone and combined with the
// others and Since, answers from the audit index exactly what reading the
// trail answers, page by page; a database written before the index existed
// gets it at Open.
func TestCertificationService_AuditIndex(t *testing.T) {
	ctx, s := mustStart(t)
	var subjects []string
	for i := range 3 {
		rec := s.MustIssue(t, fmt.Sprintf("PCF-AUD-%03d", i))
		subjects = append(subjects, "certificate/"+rec.Certificate().ID.String())
	}
	for i := range 30 {
		p := &access.Principal{Org: []string{"Alpha", "Beta", "Gamma"}[i%3], Role: access.RoleAdmin, KeyID: fmt.Sprintf("k%d", i%3)}
		pctx := access.NewContextWithPrincipal(ctx, p)
		if err := s.certs.RecordAuditEvent(pctx, []string{"note", "check"}[i%2], subjects[i%len(subjects)], fmt.Sprintf("event %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	str := func(v string) *string { return &v }
	since := fixedNow.Add(40 * time.Second)
	filters := []access.AuditFilter{
		{},
		{Subject: str(subjects[0])},
		{Subject: str(subjects[1]), Action: str("note")},
		{Subject: str("certificate/none")},
		{Actor: str("Beta")},
		{Actor: str("Gamma"), Action: str("check"), Since: &since},
		{Action: str("note")},
		{Action: str(access.AuditCertificateIssue)},
		{Since: &since},
	}
	list := func(find func(context.Context, access.AuditFilter) ([]*access.AuditEvent, string, error), f access.AuditFilter) []string {
		t.Helper()
		f.Limit = 4
		return listPages(t, func(cursor string) ([]*access.AuditEvent, string, error) {
			f.Cursor = cursor
			return find(ctx, f)
		}, func(ev *access.AuditEvent) string { return ev.ID.String() })
	}
	compare := func(stage string) {
		t.Helper()
		if err := factordb.CheckAuditIndex(s.db); err != nil {
			t.Fatalf("%s: %v", stage, err)
		}
		for _, f := range filters {
			if got, want := list(s.certs.FindAuditEvents, f), list(s.certs.FindAuditEventsScan, f); !slices.Equal(got, want) {
				t.Fatalf("%s: filter %+v: indexed %v, scan %v", stage, f, got, want)
			}
		}
	}
	compare("written")
	if got := list(s.certs.FindAuditEvents, access.AuditFilter{Actor: str("Beta")}); len(got) != 10+3 { // 10 events, 3 cursors
		t.Fatalf("actor Beta: %v, want 10 events", got)
	}
	mustRun(t, s.db, factordb.DropAuditIndex)
	if got := list(s.certs.FindAuditEvents, access.AuditFilter{Actor: str("Beta")}); len(got) != 1 {
		t.Fatalf("index not dropped: %v", got)
	}
	mustRun(t, s.db, factordb.Init)
	compare("rebuilt at Open")
}
