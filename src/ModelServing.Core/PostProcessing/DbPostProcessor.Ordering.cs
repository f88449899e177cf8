namespace ModelServing.Core.PostProcessing;

/// <summary>Corner order within a box and reading order between boxes, as PaddleOCR defines them.</summary>
internal static partial class DbPostProcessor
{
    /// <summary>Boxes whose top-left corners are closer than this vertically (original pixels) count as one line.</summary>
    internal const float SameLineTolerance = 10;

    /// <summary>Writes the rectangle's corners as top-left, top-right, bottom-right, bottom-left (PaddleOCR <c>get_mini_boxes</c>).</summary>
    /// <remarks>
    /// The two corners with the smallest x form the left side, its upper one being top-left; the other two form the right
    /// side. Equal x is broken by y so the order is deterministic.
    /// </remarks>
    internal static void OrderCorners(RotatedRect rect, Span<PointD> corners)
    {
        Span<PointD> byX = stackalloc PointD[4];
        rect.GetCorners(byX);
        for (var i = 1; i < 4; i++)
        {
            var p = byX[i];
            var j = i;
            while (j > 0 && (byX[j - 1].X > p.X || (byX[j - 1].X == p.X && byX[j - 1].Y > p.Y)))
            {
                byX[j] = byX[j - 1];
                j--;
            }

            byX[j] = p;
        }

        var (topLeft, bottomLeft) = byX[1].Y > byX[0].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        var (topRight, bottomRight) = byX[3].Y > byX[2].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        corners[0] = topLeft;
        corners[1] = topRight;
        corners[2] = bottomRight;
        corners[3] = bottomLeft;
    }

    /// <summary>Sorts boxes top to bottom, then left to right within a line (PaddleOCR <c>sorted_boxes</c>).</summary>
    /// <remarks>
    /// Sorts by the top-left corner's (y, x), then bubbles each box left past its predecessors while they start within
    /// <see cref="SameLineTolerance"/> pixels vertically and further right.
    /// </remarks>
    internal static void SortReadingOrder(List<TextBox> boxes)
    {
        var order = new int[boxes.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var snapshot = boxes.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var pa = snapshot[a].Points[0];
            var pb = snapshot[b].Points[0];
            var byY = pa.Y.CompareTo(pb.Y);
            if (byY != 0)
            {
                return byY;
            }

            var byX = pa.X.CompareTo(pb.X);
            return byX != 0 ? byX : a.CompareTo(b);
        });

        for (var i = 0; i < order.Length; i++)
        {
            boxes[i] = snapshot[order[i]];
        }

        for (var i = 0; i < boxes.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                var upper = boxes[j].Points[0];
                var lower = boxes[j + 1].Points[0];
                if (Math.Abs(lower.Y - upper.Y) < SameLineTolerance && lower.X < upper.X)
                {
                    (boxes[j], boxes[j + 1]) = (boxes[j + 1], boxes[j]);
                }
                else
                {
                    break;
                }
            }
        }
    }
}
