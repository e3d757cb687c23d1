package api

import (
	"time"
)

// StopLookupClock stops the clock of s's lookup budgets at at: spent
// lookups are not refilled, so a test that spends a budget sees it spent
// however slowly it runs (under -race on a busy machine, 100 ms between two
// requests gave one lookup back).
func StopLookupClock(s *Server, at time.Time) {
	s.lookups.mu.Lock()
	defer s.lookups.mu.Unlock()
	s.lookups.now = func() time.Time { return at }
}

// LookupClients is how many clients s's lookup limiter holds: its table's
// size, which rotating addresses must not grow (red team 19).
func LookupClients(s *Server) int {
	s.lookups.mu.Lock()
	defer s.lookups.mu.Unlock()
	return len(s.lookups.clients)
}

// OpenAPI returns the OpenAPI 3.0 document of the API.
func OpenAPI() map[string]any { return openAPIDoc() }
