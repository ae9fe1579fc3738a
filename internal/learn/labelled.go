package learn

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/triage/triage/processors"
	"github.com/triage/triage/processors/decode"
	"github.com/triage/triage/processors/decode/clean"
	"github.com/triage/triage/schemas"
)

// ReadLabelled reads routing examples from a labelled JSONL file in the
// format triage eval reads: a ticket.v1 event plus "gold":{"queue"}, or the
// legacy envelope {"id","subject","body","gold"}. The live form is decoded
// by the service's decoder, so the model learns from the very text it will
// see; the legacy body is normalised the same way. Every example gets
// weight and source. It fails naming the line of a malformed record.
func ReadLabelled(path string, weight float64, source string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	defer f.Close()
	d, err := ticketDecoder()
	if err != nil {
		return nil, err
	}
	var out []Example
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		e, err := parseLabelled(d, line)
		if err != nil {
			return nil, fmt.Errorf("learn: %s line %d: %w", path, n, err)
		}
		e.Weight, e.Source = weight, source
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("learn: %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("learn: %s: no records", path)
	}
	return out, nil
}

func parseLabelled(d *decode.Decoder, line []byte) (Example, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil || obj == nil {
		return Example{}, fmt.Errorf("not a JSON object: %v", err)
	}
	var gold struct {
		Queue string `json:"queue"`
	}
	if err := json.Unmarshal(obj["gold"], &gold); err != nil || gold.Queue == "" {
		return Example{}, errors.New(`no "gold":{"queue":"..."}`)
	}
	delete(obj, "gold")
	if _, live := obj["ticket_id"]; !live {
		var legacy struct{ ID, Subject, Body string }
		raw, _ := json.Marshal(obj)
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&legacy); err != nil {
			return Example{}, fmt.Errorf("neither a ticket event (no ticket_id) nor the legacy {id,subject,body}: %w", err)
		}
		return Example{Subject: legacy.Subject, Body: clean.Normalize(legacy.Body), Label: gold.Queue}, nil
	}
	event, _ := json.Marshal(obj)
	in, err := d.Decode(processors.KindTicket, event)
	if err != nil {
		return Example{}, err
	}
	return Example{Subject: in.Subject, Body: in.Body, Label: gold.Queue}, nil
}

// ticketDecoder is the service's decoder, without its size limit.
func ticketDecoder() (*decode.Decoder, error) {
	sch, err := schemas.Load()
	if err != nil {
		return nil, fmt.Errorf("learn: %w", err)
	}
	return &decode.Decoder{Schemas: sch}, nil
}
