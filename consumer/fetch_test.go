package consumer

import (
	"slices"
	"testing"

	"github.com/segmentio/kafka-go/protocol"
	"github.com/segmentio/kafka-go/protocol/fetch"
)

func records(offsets ...int64) protocol.RecordReader {
	var rs []protocol.Record
	for _, o := range offsets {
		rs = append(rs, protocol.Record{Offset: o, Value: protocol.NewBytes([]byte{byte('0' + o)})})
	}
	return protocol.NewRecordReader(rs...)
}

func marker(offset int64, commit bool) protocol.RecordReader {
	typ := byte(0)
	if commit {
		typ = 1
	}
	return protocol.NewRecordReader(protocol.Record{Offset: offset, Key: protocol.NewBytes([]byte{0, 0, 0, typ}), Value: protocol.NewBytes(make([]byte, 6))})
}

// A fetch response as a read_committed consumer sees it: records before the
// position, transaction markers and aborted transactions are not returned,
// and the position moves past all of them and past gaps between batches.
func TestVisibleFiltersLikeReadCommitted(t *testing.T) {
	const tx = protocol.Transactional
	p := &fetch.ResponsePartition{
		AbortedTransactions: []fetch.ResponseTransaction{{ProducerID: 9, FirstOffset: 7}},
		RecordSet: protocol.RecordSet{Records: &protocol.RecordStream{Records: []protocol.RecordReader{
			&protocol.RecordBatch{BaseOffset: 0, ProducerID: -1, Records: records(0, 1)},
			&protocol.RecordBatch{BaseOffset: 4, ProducerID: 8, Attributes: tx, Records: records(4, 5)}, // 2, 3 compacted away
			&protocol.ControlBatch{BaseOffset: 6, ProducerID: 8, Attributes: tx | protocol.Control, Records: marker(6, true)},
			&protocol.RecordBatch{BaseOffset: 7, ProducerID: 9, Attributes: tx, Records: records(7, 8)}, // aborted
			&protocol.ControlBatch{BaseOffset: 9, ProducerID: 9, Attributes: tx | protocol.Control, Records: marker(9, false)},
			&protocol.RecordBatch{BaseOffset: 10, ProducerID: 9, Attributes: tx, Records: records(10)}, // next transaction
			&protocol.ControlBatch{BaseOffset: 11, ProducerID: 9, Attributes: tx | protocol.Control, Records: marker(11, true)},
		}}},
	}
	msgs, next, err := visible(p, "t", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, m := range msgs {
		got = append(got, m.Offset)
		if m.Topic != "t" || string(m.Value) != string(rune('0'+m.Offset)) {
			t.Errorf("record %+v", m)
		}
	}
	if want := []int64{1, 4, 5, 10}; !slices.Equal(got, want) || next != 12 {
		t.Errorf("offsets %v next %d, want %v and 12", got, next, want)
	}
	if msgs, next, _ := visible(&fetch.ResponsePartition{}, "t", 0, 3); len(msgs) != 0 || next != 3 {
		t.Errorf("empty response: %d records, next %d; want none and 3", len(msgs), next)
	}
}
