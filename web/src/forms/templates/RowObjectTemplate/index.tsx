// A child-list row: its fields side by side (all on one line up to four, else four to a line).
import { Col, Row } from "antd";
import type { ObjectFieldTemplateProps } from "@rjsf/utils";

export default function RowObjectTemplate({ properties }: ObjectFieldTemplateProps) {
  const shown = properties.filter((p) => !p.hidden);
  const span = shown.length > 0 && shown.length <= 4 ? Math.floor(24 / shown.length) : 6;
  return (
    <Row gutter={12}>
      {shown.map((p) => <Col key={p.name} span={span}>{p.content}</Col>)}
    </Row>
  );
}
