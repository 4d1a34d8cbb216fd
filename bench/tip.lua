-- wrk script: POST a Thai tip as JSON to /api/v1/tips.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"category":"bribery","subject":"เรียกรับเงินค่าอนุญาต",' ..
  '"description":"เจ้าหน้าที่เรียกเงินใต้โต๊ะ 3,000 บาท เพื่อเร่งออกใบอนุญาตก่อสร้าง ที่สำนักงานเขต",' ..
  '"province":"10","amount_baht":3000}'
