package api

// LookupClients is how many clients s's lookup limiter holds: its table's
// size, which rotating addresses must not grow (red team 19).
func LookupClients(s *Server) int {
	s.lookups.mu.Lock()
	defer s.lookups.mu.Unlock()
	return len(s.lookups.clients)
}
