package kafkatest

import (
	"bytes"
	"sync"
)

// SyncBuffer is a bytes.Buffer that a service under test may write (its
// logs, a command's output) while the test reads it. Safe for concurrent
// use.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
