package consumer

import "sync"

// fence guards the publishing of one partition's outputs during one
// generation. Publishers enter before each write and leave after it;
// close waits for writes in progress and refuses every later one, so that
// once close returns no output of the partition can reach the broker from
// this member: the partition may already belong to another member.
//
// A nil *fence is always open (replay, which owns no partitions). Safe for
// concurrent use.
type fence struct {
	mu     sync.RWMutex
	closed bool
}

// enter reports whether a write may start; if so, leave must follow it.
func (f *fence) enter() bool {
	if f == nil {
		return true
	}
	f.mu.RLock()
	if f.closed {
		f.mu.RUnlock()
		return false
	}
	return true
}

// leave ends a write that enter let start.
func (f *fence) leave() {
	if f != nil {
		f.mu.RUnlock()
	}
}

// close blocks until writes in progress end and refuses later ones.
// Idempotent.
func (f *fence) close() {
	f.mu.Lock()
	f.closed = true
	f.mu.Unlock()
}
