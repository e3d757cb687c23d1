package api

import "time"

// StopLookupClock stops the clock of s's lookup budgets at at: spent
// lookups are not refilled, so a test that spends a budget sees it spent
// however slowly it runs (under -race on a busy machine, 100 ms between two
// requests gave one lookup back).
func StopLookupClock(s *Server, at time.Time) {
	s.lookups.mu.Lock()
	defer s.lookups.mu.Unlock()
	s.lookups.now = func() time.Time { return at }
}
