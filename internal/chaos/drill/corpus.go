// Package drill runs the chaos drills of issue 9 against the real triage
// binary and a real broker: it seeds fresh topics, starts and kills
// "triage run" instances, stops the broker, slows or breaks the simulated
// LLM, waits for the group to drain and judges the result with the
// independent checker (package chaos).
package drill

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/triage/triage/internal/demo"
)

// Corpus is what drill records are made from: realistic emails and tickets
// (JSON objects used as templates), prompt-injection ones, and bad values
// (invalid JSON, not UTF-8, schema violations) per logical topic.
type Corpus struct {
	Emails, Tickets               []map[string]any
	HostileEmails, HostileTickets []map[string]any
	Bad                           map[string][][]byte // "emails"/"tickets" -> raw values
}

// LoadCorpus takes the demo's samples (internal/demo: emails, tickets and
// bad records) and reads the prompt-injection sets from hostileDir
// (hostile_emails.jsonl, hostile_tickets.jsonl).
func LoadCorpus(hostileDir string) (*Corpus, error) {
	c := &Corpus{Bad: map[string][][]byte{}}
	samples, err := demo.Samples()
	if err != nil {
		return nil, fmt.Errorf("drill: demo samples: %w", err)
	}
	for _, s := range samples {
		if s.WantReason != "" {
			c.Bad[s.Topic] = append(c.Bad[s.Topic], s.Value)
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal(s.Value, &obj); err != nil {
			return nil, fmt.Errorf("drill: demo sample: %w", err)
		}
		if s.Topic == "emails" {
			c.Emails = append(c.Emails, obj)
		} else {
			c.Tickets = append(c.Tickets, obj)
		}
	}
	for _, f := range []struct {
		path string
		into *[]map[string]any
	}{
		{filepath.Join(hostileDir, "hostile_emails.jsonl"), &c.HostileEmails},
		{filepath.Join(hostileDir, "hostile_tickets.jsonl"), &c.HostileTickets},
	} {
		err := eachLine(f.path, func(line []byte) error {
			var obj map[string]any
			if err := json.Unmarshal(line, &obj); err != nil {
				return err
			}
			*f.into = append(*f.into, obj)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if len(c.Emails) == 0 || len(c.Tickets) == 0 || len(c.Bad["emails"]) == 0 || len(c.Bad["tickets"]) == 0 {
		return nil, fmt.Errorf("drill: the demo samples lack emails, tickets or bad records of each topic")
	}
	return c, nil
}

func eachLine(path string, fn func([]byte) error) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("drill: %w", err)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			if err := fn(line); err != nil {
				return fmt.Errorf("drill: %s:%d: %w", path, n, err)
			}
		}
	}
	return sc.Err()
}
