package pipeline

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"sync"
)

// Labels is the labelled-data sink of corrections (review.labels_file):
// one JSON line per labelled example, in triage eval's input format,
// appended. A line already in the file is not appended again, so a
// redelivered correction adds nothing. It is safe for concurrent use
// within one process; several processes must each write their own file
// (lines are deterministic, so "sort -u" merges them).
type Labels struct {
	mu   sync.Mutex
	f    *os.File
	seen map[[32]byte]bool
}

// OpenLabels opens (or creates) the file at path for appending and reads
// the lines it holds, to skip them.
func OpenLabels(path string) (*Labels, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("pipeline: review.labels_file: %w", err)
	}
	l := &Labels{f: f, seen: map[[32]byte]bool{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			l.seen[sha256.Sum256(line)] = true
		}
	}
	if err := sc.Err(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("pipeline: review.labels_file %s: %w", path, err)
	}
	return l, nil
}

// Append writes line and a newline in one write and syncs the file, unless
// the file holds line already. It returns once the line is on disk.
func (l *Labels) Append(line []byte) error {
	sum := sha256.Sum256(line)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[sum] {
		return nil
	}
	if _, err := l.f.Write(append(append([]byte(nil), line...), '\n')); err != nil {
		return err
	}
	if err := l.f.Sync(); err != nil {
		return err
	}
	l.seen[sum] = true
	return nil
}

// Close closes the file.
func (l *Labels) Close() error { return l.f.Close() }
