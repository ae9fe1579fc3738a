// Package chaos checks what a triage deployment did with its input, from the
// outside: it reads every input record, every output event and every dead
// letter straight from the broker (kafka-go, none of the runner's code) and
// the consumer group's committed offsets over time, and reports per input
// coordinate what was lost, duplicated or published out of per-key order,
// and every committed offset that moved backwards. The drill command
// (internal/chaos/cmd/drill) runs fault scenarios against the real binary
// and judges them with it.
package chaos

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
)

// Coord is where an input record was read: topic, partition and offset.
type Coord struct {
	Topic     string `json:"topic"`
	Partition int    `json:"partition"`
	Offset    int64  `json:"offset"`
}

func (c Coord) String() string { return fmt.Sprintf("%s/%d/%d", c.Topic, c.Partition, c.Offset) }

// Input is one input record as the checker keeps it: its coordinate and its
// key (see KeyID).
type Input struct {
	Coord
	Key string
}

// Output is one record found on an output or dead-letter topic, reduced to
// what the checks need: where it was published (Stream, the output
// "topic/partition", and Pos, its offset there) and which input coordinate
// it answers for.
type Output struct {
	Stream     string
	Pos        int64
	Input      Coord
	DeadLetter bool
}

// maxKeyID is the longest key kept verbatim; longer keys are kept as a hash.
const maxKeyID = 256

// KeyID is how the checker names a record key: the key itself up to 256
// bytes, else "sha256:<hex>", so that a 600 KB key costs no memory. A nil
// key and an empty key are both "".
func KeyID(key []byte) string {
	if len(key) <= maxKeyID {
		return string(key)
	}
	sum := sha256.Sum256(key)
	return "sha256:" + hex.EncodeToString(sum[:])
}
