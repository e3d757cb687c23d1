// Red team 61, the regulator: answers a regulator relies on being
// complete and right (lists, queues, filters).

package api_test

import (
	"strings"
	"testing"
)

// regulatorLists reports whether the regulator's GET /v1/certificates with
// query lists certificate id.
func regulatorLists(t *testing.T, st *stack, query, id string) bool {
	t.Helper()
	rows := MustData[[]struct {
		ID string `json:"id"`
	}](t, st.do(t, request{method: "GET", target: "/v1/certificates?limit=1000&" + query, as: asReg}), 200)
	for _, r := range rows {
		if r.ID == id {
			return true
		}
	}
	return false
}

// Ensure a valid certificate its verification marks issuing_key_unvouched
// or status_key_unvouched is in the flagged queue (GET
// /v1/certificates?flagged=true, the certifier's and the regulator's
// queue, which the regulator's overview lists), as one marked for a key
// reported compromised is (red team 55): it is treated as a flagged one
// everywhere else (red team 49: no documents, no PACT footprint, no
// supplier), but the queue read only supplier flags, a restored copy, a
// PACT change and a compromised key, so that the operator's certificate
// issued with a recovery key in a body's name was listed under
// flagged=false, and the regulator's queue never showed it. Once the body
// vouches for the key, it leaves the queue.
func TestRedteam61_UnvouchedKeyCertificateIsInTheFlaggedQueue(t *testing.T) {
	st := newSeededStack(t)
	reinstated := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-R")), "")), 201).CertificateID
	genuine := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-G")), "")), 201).CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + reinstated + "/suspend", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["RT61 suspended by the body"]}`)})

	formerToken := st.tokens[asCert]
	st.mustDo(t, request{method: "DELETE", target: "/v1/admin/keys/" + strings.Split(formerToken, "_")[1], as: asAdmin})
	recovery, token := st.mintCertKey(t, orgCertifier)
	st.tokens[asCert] = token
	issued := MustData[issueData](t, st.do(t, st.issueReq(t, st.apply(t, st.submit(t, "GEC-RT61-I")), "")), 201).CertificateID
	st.mustDo(t, request{method: "POST", target: "/v1/certificates/" + reinstated + "/reinstate", as: asCert, contentType: "application/json",
		body: []byte(`{"reasons":["RT61 reinstated with the recovery key"]}`)})

	for _, tt := range []struct {
		name, id string
		flagged  bool
	}{{"issued with the recovery key", issued, true}, {"reinstated with the recovery key", reinstated, true}, {"issued by the body's own key", genuine, false}} {
		if got := regulatorLists(t, st, "flagged=true", tt.id); got != tt.flagged {
			t.Errorf("certificate %s: in GET /v1/certificates?flagged=true: %t, want %t", tt.name, got, tt.flagged)
		}
		if got := regulatorLists(t, st, "flagged=false", tt.id); got == tt.flagged {
			t.Errorf("certificate %s: in GET /v1/certificates?flagged=false: %t, want %t", tt.name, got, !tt.flagged)
		}
	}

	st.mustDo(t, request{method: "POST", target: "/v1/org/keys/" + recovery.ID + "/vouch", as: asCert, contentType: "application/json",
		body: []byte(`{"former_token":"` + formerToken + `"}`)})
	for _, id := range []string{issued, reinstated} {
		if regulatorLists(t, st, "flagged=true", id) || !regulatorLists(t, st, "flagged=false", id) {
			t.Errorf("certificate %s: still in the flagged queue after the body vouched for the key", id)
		}
	}
}
