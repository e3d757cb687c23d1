package factordb_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/chengdu-pcf/pcf/footprint"
	"github.com/chengdu-pcf/pcf/footprint/access"
)

func TestCertificationService_AuditEvents(t *testing.T) {
	ctx := context.Background()
	s := MustOpenServices(t)
	// Only the events made here: the seed set was audited too.
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
