// A child-list row: its fields side by side in a grid (four to a line at 1280 px).
import { Col, Row } from "antd";
import type { ObjectFieldTemplateProps } from "@rjsf/utils";

export default function RowObjectTemplate({ properties }: ObjectFieldTemplateProps) {
  return (
    <Row gutter={12}>
      {properties.filter((p) => !p.hidden).map((p) => (
        <Col key={p.name} xs={24} md={12} xl={6}>{p.content}</Col>
      ))}
    </Row>
  );
}
